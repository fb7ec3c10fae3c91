import * as http from 'http';
import type { AddressInfo } from 'net';

/** One request the stand-in received: the operation (from X-Amz-Target) and the JSON body. */
export interface EcrRequest {
  readonly operation: string;
  readonly body: Record<string, unknown>;
  readonly authorization: string | undefined;
}

/**
 * How the stand-in answers CreateRepository for one repository name: `trickle` sends the headers,
 * then a byte every 100 ms for ever; `huge` sends 256 MiB of JSON-looking padding.
 */
export type EcrBehaviour = 'create' | 'exists' | 'trickle' | 'huge' | { readonly status: number; readonly type: string; readonly message: string };

/**
 * A local stand-in for the ECR API on 127.0.0.1, speaking its awsJson1_1 protocol: POST / with
 * `X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Operation>`. CreateRepository creates the
 * repository unless it exists (RepositoryAlreadyExistsException) or `behaviour` says otherwise.
 */
export class StubEcr {
  static async start(existing: readonly string[] = [], behaviour: Record<string, EcrBehaviour> = {}): Promise<StubEcr> {
    const stub = new StubEcr(new Set(existing), behaviour);
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  readonly requests: EcrRequest[] = [];
  private readonly server: http.Server;

  private constructor(readonly repositories: Set<string>, private readonly behaviour: Record<string, EcrBehaviour>) {
    this.server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (d: Buffer) => (text += d));
      req.on('end', () => this.answer(req, text, res));
    });
  }

  /** `http://127.0.0.1:<port>`, the value of AWS_ENDPOINT_URL_ECR. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(req: http.IncomingMessage, text: string, res: http.ServerResponse): void {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.replace(/^AmazonEC2ContainerRegistry_V20150921\./, '');
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    this.requests.push({ operation, body, authorization: req.headers.authorization });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': '11111111-2222-3333-4444-555555555555' });
      res.end(JSON.stringify(payload));
    };
    if (req.method !== 'POST' || operation !== 'CreateRepository') {
      send(400, { __type: 'UnknownOperationException', message: `unknown operation ${target}` });
      return;
    }
    const name = String(body.repositoryName);
    const registryId = String(body.registryId);
    const how = this.behaviour[name] ?? (this.repositories.has(name) ? 'exists' : 'create');
    if (how === 'exists') {
      send(400, { __type: 'RepositoryAlreadyExistsException', message: `The repository with name '${name}' already exists in the registry with id '${registryId}'` });
    } else if (how === 'create') {
      this.repositories.add(name);
      send(200, {
        repository: {
          repositoryArn: `arn:aws:ecr:eu-west-3:${registryId}:repository/${name}`,
          registryId,
          repositoryName: name,
          repositoryUri: `${registryId}.dkr.ecr.eu-west-3.amazonaws.com/${name}`,
          createdAt: 1700000000,
          imageTagMutability: 'MUTABLE',
        },
      });
    } else if (how === 'trickle') {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.write('{');
      const timer = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(timer));
    } else if (how === 'huge') {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.on('error', () => undefined);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 256 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    } else {
      send(how.status, { __type: how.type, message: how.message });
    }
  }
}
