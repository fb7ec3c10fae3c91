import * as fs from 'fs';
import * as path from 'path';
import { array, literal, optional, refine, strictObject, string, superRefine } from 'zod/mini';
import '../config/zod-config';
import { AWS_REGION, EKS_CLUSTER_NAME, matches } from '../config/formats';
import { UserError } from '../errors';
import { readInputFile } from '../config/read-input';
import { stableJson } from '../synth/stable-json';

/**
 * Facts about one EKS cluster, looked up once by `cluster lookup` where the EKS API is reachable,
 * committed to Git as `config/clusters/<name>.json`, and read by the offline synth (the pattern of
 * the AWS CDK context cache).
 */
export interface ClusterFacts {
  /** Cluster name; also the file name. */
  readonly name: string;
  /** `arn:<partition>:eks:<region>:<account>:cluster/<name>`. */
  readonly arn: string;
  /** AWS partition of the cluster: "aws", "aws-us-gov", "aws-cn", ... */
  readonly partition: string;
  /** 12-digit account id that owns the cluster. */
  readonly account: string;
  readonly region: string;
  /** Kubernetes minor version, "<major>.<minor>" as EKS reports it (for example "1.30"). */
  readonly kubernetesVersion: string;
  /** HTTPS URL of the Kubernetes API server. */
  readonly endpoint: string;
  /** Base64 of the PEM certificate of the cluster's certificate authority (public, not a secret). */
  readonly certificateAuthorityData: string;
  /** OIDC issuer URL of the cluster's service account tokens, used by IRSA. */
  readonly oidcIssuer: string;
  /** Always "ACTIVE": the look-up refuses clusters in any other state. */
  readonly status: 'ACTIVE';
  /**
   * Names of the EKS add-ons installed (sorted), such as "eks-pod-identity-agent".
   * @default - unknown: the credentials of the look-up may not call eks:ListAddons
   */
  readonly addons?: readonly string[];
  /** When the facts were last seen to change (UTC, whole seconds); synth never reads it. */
  readonly lookedUpAt: string;
}

/** The facts the EKS API returns, before the look-up stamps them. */
export type DescribedCluster = Omit<ClusterFacts, 'lookedUpAt'>;

/** Where cached facts live, relative to the project root. */
export const CLUSTERS_DIR = 'config/clusters';

const PARTITION = '(aws(?:-[a-z]+)*)';
export const CLUSTER_ARN = new RegExp(`^arn:${PARTITION}:eks:([a-z0-9-]+):([0-9]{12}):cluster/(.+)$`);
export const PARTITION_NAME = new RegExp(`^${PARTITION}$`);

export interface ClusterArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

/** Splits an EKS cluster ARN; undefined when it is not one. */
export function parseClusterArn(arn: string): ClusterArn | undefined {
  const m = CLUSTER_ARN.exec(arn);
  if (!m || !matches(AWS_REGION, m[2]) || !matches(EKS_CLUSTER_NAME, m[4])) return undefined;
  return { partition: m[1], region: m[2], account: m[3], name: m[4] };
}

/** True for an `https://host[:port][/path]` URL without credentials, query, fragment or trailing "/". */
export function isHttpsUrl(value: string, options: { path: boolean }): boolean {
  if (!/^https:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[A-Za-z0-9._~%-]+)*$/.test(value)) return false;
  return options.path || new URL(value).pathname === '/';
}

/** True when `value` is base64 of a PEM certificate, as EKS returns `certificateAuthority.data`. */
export function isCertificateAuthorityData(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return false;
  const pem = Buffer.from(value, 'base64').toString('utf8');
  return /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/.test(pem);
}

/** "1.30" -> 30; undefined for anything but a 1.x version. */
export function kubernetesMinor(version: string): number | undefined {
  const m = /^1\.([0-9]{1,3})$/.exec(version);
  return m ? Number(m[1]) : undefined;
}

const field = (allowed: string, ok: (v: string) => boolean) =>
  string({ error: `expected ${allowed}` }).check(refine(ok, { error: `expected ${allowed}` }));

const factsSchema = strictObject(
    {
      name: field(EKS_CLUSTER_NAME.allowed, (v) => matches(EKS_CLUSTER_NAME, v)),
      arn: field('an EKS cluster ARN "arn:<partition>:eks:<region>:<account>:cluster/<name>"', (v) => parseClusterArn(v) !== undefined),
      partition: field('an AWS partition such as "aws" or "aws-us-gov"', (v) => PARTITION_NAME.test(v)),
      account: field('a 12-digit AWS account id', (v) => /^[0-9]{12}$/.test(v)),
      region: field(AWS_REGION.allowed, (v) => matches(AWS_REGION, v)),
      kubernetesVersion: field('a Kubernetes version "1.<minor>" such as "1.30"', (v) => kubernetesMinor(v) !== undefined),
      endpoint: field('an https:// URL of the API server', (v) => isHttpsUrl(v, { path: false })),
      certificateAuthorityData: field('base64 of a PEM certificate', isCertificateAuthorityData),
      oidcIssuer: field('an https:// OIDC issuer URL', (v) => isHttpsUrl(v, { path: true })),
      status: literal('ACTIVE', { error: 'expected "ACTIVE"' }),
      addons: optional(array(field('an EKS add-on name such as "eks-pod-identity-agent"', (v) => /^[a-z0-9][a-z0-9._-]{0,99}$/.test(v)), { error: 'expected a list of EKS add-on names' })),
      lookedUpAt: field('a UTC time such as "2025-01-31T12:00:00Z"', (v) => /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$/.test(v)),
    },
    { error: 'expected a JSON object' },
  )
  .check(
    superRefine((facts, ctx) => {
      const arn = parseClusterArn(facts.arn);
      if (!arn) return;
      for (const key of ['partition', 'region', 'account', 'name'] as const) {
        if (arn[key] !== facts[key]) {
          ctx.addIssue({ code: 'custom', path: [key], input: facts[key], message: `expected ${JSON.stringify(arn[key])}, as in the arn` });
        }
      }
    }),
  );

/** Path of a cluster's facts relative to the project root, with "/" separators. */
export function clusterFactsFile(name: string): string {
  return `${CLUSTERS_DIR}/${name}.json`;
}

/** Validates the text of a facts file; `file` is used in messages only. */
export function parseClusterFacts(file: string, text: string): ClusterFacts {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: invalid JSON (${(e as Error).message.split('\n')[0]}); run "cluster lookup" again to rewrite it`);
  }
  const result = factsSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    const input = (issue as { input?: unknown }).input;
    const what = issue.code === 'unrecognized_keys' ? `unknown key ${JSON.stringify(issue.keys[0])}` : input === undefined ? 'is missing' : `${JSON.stringify(input)} is not allowed`;
    throw new UserError(`${file}: ${where}: ${what}; ${issue.code === 'unrecognized_keys' ? 'the file is written by "cluster lookup", do not edit it' : issue.message}`);
  }
  return result.data as ClusterFacts;
}

export interface ReadClusterFactsOptions {
  /**
   * Who asked for the facts, named in the message when the file is missing.
   * @default - not named
   */
  readonly usedBy?: string;
}

/** Reads `config/clusters/<name>.json`; a missing file tells the user how to create it. */
export function readClusterFacts(root: string, name: string, options: ReadClusterFactsOptions = {}): ClusterFacts {
  const file = clusterFactsFile(name);
  const text = readInputFile(path.join(root, file), file);
  if (text === undefined) {
    const by = options.usedBy ? ` (named by ${options.usedBy})` : '';
    throw new UserError(
      `${file}: no cached facts for EKS cluster ${JSON.stringify(name)}${by}; run "npx enterprise-flyte cluster lookup --name ${name} --region <region>" on a machine that can reach the EKS API, then commit the file`,
    );
  }
  const facts = parseClusterFacts(file, text);
  if (facts.name !== name) throw new UserError(`${file}: name ${JSON.stringify(facts.name)} is not allowed; expected ${JSON.stringify(name)}, as in the file name`);
  return facts;
}

/** Every fact but `lookedUpAt` is equal. */
function sameFacts(a: DescribedCluster, b: DescribedCluster): boolean {
  const keys: Array<keyof DescribedCluster> = ['name', 'arn', 'partition', 'account', 'region', 'kubernetesVersion', 'endpoint', 'certificateAuthorityData', 'oidcIssuer', 'status'];
  return keys.every((k) => a[k] === b[k]) && JSON.stringify(a.addons) === JSON.stringify(b.addons);
}

export interface WriteResult {
  /** Path written, relative to the root. */
  readonly file: string;
  /** False when the file already held these facts and was left untouched. */
  readonly changed: boolean;
  readonly facts: ClusterFacts;
}

/**
 * Writes `config/clusters/<name>.json` with sorted keys. When the facts are those already in the
 * file, the file is left as it is (its `lookedUpAt` included), so a re-run gives no diff in Git.
 */
export function writeClusterFacts(root: string, described: DescribedCluster, now: Date): WriteResult {
  const file = clusterFactsFile(described.name);
  const target = path.join(root, file);
  let previous: ClusterFacts | undefined;
  let previousText: string | undefined;
  try {
    previousText = fs.readFileSync(target, 'utf8');
    previous = parseClusterFacts(file, previousText);
  } catch {
    // Missing or damaged: written anew.
  }
  const lookedUpAt = previous && sameFacts(previous, described) ? previous.lookedUpAt : now.toISOString().replace(/\.[0-9]{3}Z$/, 'Z');
  const facts: ClusterFacts = { ...described, lookedUpAt };
  const text = stableJson(facts);
  // Checked again so that a bug can never commit a file synth would refuse.
  parseClusterFacts(file, text);
  if (text === previousText) return { file, changed: false, facts };
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, text, { mode: 0o644 });
    fs.renameSync(tmp, target);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return { file, changed: true, facts };
}
