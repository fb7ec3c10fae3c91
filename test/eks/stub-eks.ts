import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';

/** One answer of the stub, as EKS's REST-JSON protocol sends it. */
export interface StubAnswer {
  /** @default 200 */
  readonly status?: number;
  /** An object is sent as JSON; a string as it is. @default - no body */
  readonly body?: unknown;
  /** The `x-amzn-errortype` header of an error. @default - none */
  readonly errorType?: string;
  /** Never answer (the socket stays open until the stub stops). @default false */
  readonly hang?: boolean;
  /** Send the headers and "{", then a space every 100 ms, for ever. @default false */
  readonly trickle?: boolean;
  /** Send this many bytes of JSON-looking padding, without a Content-Length. @default - none */
  readonly hugeBytes?: number;
}

export interface StubRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
}

/**
 * A local stand-in for the EKS API on 127.0.0.1: `GET /clusters/{name}` gets the next answer of
 * the script (the last one repeats); anything else gets EKS's 404 for an unknown operation.
 */
export class StubEks {
  /**
   * `addons`: what ListAddons (`GET /clusters/{name}/addons`) answers; without it, EKS's
   * AccessDeniedException, as for credentials without eks:ListAddons.
   */
  static async start(script: StubAnswer[], addons?: readonly string[]): Promise<StubEks> {
    const stub = new StubEks(script, addons);
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  readonly requests: StubRequest[] = [];
  /** The ListAddons requests, apart from `requests` (DescribeCluster). */
  readonly addonRequests: StubRequest[] = [];
  private readonly server: http.Server;

  private constructor(private readonly script: StubAnswer[], private readonly addons?: readonly string[]) {
    this.server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => this.answer(req, res));
    });
  }

  /** `http://127.0.0.1:<port>`, the value of AWS_ENDPOINT_URL_EKS. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers };
    if (request.method === 'GET' && /^\/clusters\/[^/]+\/addons(\?.*)?$/.test(request.path)) {
      this.addonRequests.push(request);
      if (this.addons === undefined) send(res, errorAnswer(403, 'AccessDeniedException', 'User is not authorized to perform: eks:ListAddons'));
      else send(res, { status: 200, body: { addons: this.addons, nextToken: null } });
      return;
    }
    if (request.method !== 'GET' || !/^\/clusters\/[^/]+$/.test(request.path)) {
      send(res, { status: 404, errorType: 'UnknownOperationException', body: {} });
      return;
    }
    this.requests.push(request);
    const a = this.script[Math.min(this.requests.length, this.script.length) - 1];
    if (a.trickle) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      const timer = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(timer));
    } else if (a.hugeBytes !== undefined) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      res.on('error', () => undefined);
      const pump = () => {
        while (sent < a.hugeBytes!) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    } else if (!a.hang) send(res, a);
  }
}

function send(res: http.ServerResponse, a: StubAnswer): void {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': '11111111-2222-3333-4444-555555555555' };
  if (a.errorType) headers['x-amzn-errortype'] = a.errorType;
  res.writeHead(a.status ?? 200, headers);
  res.end(a.body === undefined ? '' : typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
}

/** The example CA certificate (made for these tests; its key was thrown away), as EKS encodes it. */
export const EXAMPLE_CA_DATA = Buffer.from(fs.readFileSync(path.join(__dirname, 'fixtures', 'example-ca.pem'))).toString('base64');

/** What a look-up of the acceptance cluster (acme-prod in GovCloud) must yield: the facts the stub describes. */
export const GOV_FACTS = {
  name: 'acme-prod',
  arn: 'arn:aws-us-gov:eks:us-gov-west-1:123456789012:cluster/acme-prod',
  partition: 'aws-us-gov',
  account: '123456789012',
  region: 'us-gov-west-1',
  kubernetesVersion: '1.34',
  endpoint: 'https://EXAMPLED539D4633E53DE1B71EXAMPLE.gr7.us-gov-west-1.eks.amazonaws.com',
  certificateAuthorityData: EXAMPLE_CA_DATA,
  oidcIssuer: 'https://oidc.eks.us-gov-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
  status: 'ACTIVE',
} as const;

export interface ClusterShape {
  readonly name: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly version?: string;
  readonly oidcId?: string;
  readonly status?: string;
}

/** A `cluster` as DescribeCluster returns it (fields as in the EKS API reference, example values). */
export function clusterAnswer(c: ClusterShape, edit: (cluster: any) => void = () => {}): StubAnswer {
  const dns = c.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  const id = c.oidcId ?? 'EXAMPLED539D4633E53DE1B71EXAMPLE';
  const cluster = {
    name: c.name,
    arn: `arn:${c.partition}:eks:${c.region}:${c.account}:cluster/${c.name}`,
    createdAt: 1700000000.123,
    version: c.version ?? '1.30',
    endpoint: `https://${id}.gr7.${c.region}.eks.${dns}`,
    roleArn: `arn:${c.partition}:iam::${c.account}:role/eksClusterRole`,
    resourcesVpcConfig: {
      subnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
      securityGroupIds: [],
      clusterSecurityGroupId: 'sg-0cccccccccccccccc',
      vpcId: 'vpc-0ddddddddddddddd',
      endpointPublicAccess: false,
      endpointPrivateAccess: true,
      publicAccessCidrs: [],
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: '10.100.0.0/16', ipFamily: 'ipv4' },
    logging: { clusterLogging: [{ types: ['api', 'audit'], enabled: true }] },
    identity: { oidc: { issuer: `https://oidc.eks.${c.region}.${dns}/id/${id}` } },
    status: c.status ?? 'ACTIVE',
    certificateAuthority: { data: EXAMPLE_CA_DATA },
    platformVersion: 'eks.7',
    tags: {},
    accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
  };
  edit(cluster);
  return { status: 200, body: { cluster } };
}

/** An error answer: the type in `x-amzn-errortype` (with the service suffix AWS adds) and a message. */
export function errorAnswer(status: number, type: string, message: string): StubAnswer {
  return { status, errorType: `${type}:http://internal.amazon.com/coral/com.amazon.coral.service/`, body: { message } };
}

/** Environment for the SDK: the stub as EKS endpoint, dummy credentials, no profile or IMDS. */
export function sdkEnv(stubUrl: string, home: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    HOME: home,
    AWS_ENDPOINT_URL_EKS: stubUrl,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: path.join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
