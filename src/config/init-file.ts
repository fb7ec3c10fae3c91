import * as YAML from 'yaml';
import { SCHEMA_MODELINE } from './json-schema';
import { parseEnvironment } from './load';
import { descriptionAt, keysAt, schemaAt } from './schema-nav';

/** One setting `enterprise-flyte init` asks for (or takes from `--<flag>`). */
export interface InitQuestion {
  readonly flag: string;
  /** Where the answer goes in the environment file. */
  readonly path: readonly string[];
  readonly prompt: string;
  /** Shown in brackets; an empty answer takes it. @default - none: required */
  readonly default?: string;
  /** An empty answer leaves the section out. @default false */
  readonly optional?: boolean;
  /** Asked only when the setting of this flag is not empty. @default - always asked */
  readonly requires?: string;
}

/** The first Flyte release the environment runs; later ones are a one-line change. */
export const INIT_FLYTE_VERSION = 'v1.16.8';

export const INIT_QUESTIONS: readonly InitQuestion[] = [
  { flag: 'release', path: ['release'], prompt: 'Helm release name', default: 'flyte-backend' },
  { flag: 'namespace', path: ['namespace'], prompt: 'Namespace', default: 'flyte' },
  { flag: 'flyte-version', path: ['flyte', 'version'], prompt: 'Flyte version', default: INIT_FLYTE_VERSION },
  { flag: 'registry', path: ['registry', 'host'], prompt: 'Private registry host[:port][/prefix] (empty: pull from the public registries)', optional: true },
  { flag: 'pull-secret', path: ['registry', 'pullSecret'], prompt: 'Image pull Secret name', default: 'private-registry-secret', requires: 'registry' },
  { flag: 'database-host', path: ['database', 'host'], prompt: 'PostgreSQL host' },
  { flag: 'database-name', path: ['database', 'name'], prompt: 'Database name', default: 'flyte' },
  { flag: 'database-username', path: ['database', 'username'], prompt: 'Database user', default: 'flyteadmin' },
  { flag: 'password-secret', path: ['database', 'passwordSecret', 'name'], prompt: 'Secret holding the database password', default: 'flyte-db-password' },
  { flag: 'password-key', path: ['database', 'passwordSecret', 'key'], prompt: 'Key of the password in that Secret', default: 'password' },
  { flag: 'region', path: ['storage', 'region'], prompt: 'AWS region of the buckets' },
  { flag: 'metadata-bucket', path: ['storage', 'metadataBucket'], prompt: 'S3 bucket for Flyte metadata' },
  { flag: 'userdata-bucket', path: ['storage', 'userDataBucket'], prompt: 'S3 bucket for user data' },
  { flag: 'role-arn', path: ['serviceAccount', 'roleArn'], prompt: 'IAM role ARN of the Flyte pod (IRSA or EKS Pod Identity)' },
  { flag: 'ingress-host', path: ['ingress', 'host'], prompt: 'Ingress host name (empty: no Ingress)', optional: true },
  { flag: 'ingress-class', path: ['ingress', 'className'], prompt: 'IngressClass', default: 'nginx', requires: 'ingress-host' },
];

/** True when the question applies, given the answers so far. */
export function applies(question: InitQuestion, answers: Readonly<Record<string, string>>): boolean {
  return question.requires === undefined || Boolean(answers[question.requires]);
}

/** Checks one answer against the environment schema; returns what is wrong, or undefined. */
export function checkAnswer(question: InitQuestion, value: string): string | undefined {
  const node = schemaAt(question.path);
  if (!node) throw new Error(`init: ${question.path.join('.')} is not in the environment schema`);
  const r = node.safeParse(value);
  return r.success ? undefined : `${JSON.stringify(value)} is not allowed; ${r.error.issues[0].message}`;
}

function setPath(tree: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const k of path.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
  node[path[path.length - 1]] = value;
}

/**
 * The text of a new environment file from the answers (by flag name): every key carries its
 * description from the schema as a comment, and the top-level sections left out are listed at
 * the end, so the file documents what else can be set.
 */
export function initFileText(env: string, answers: Readonly<Record<string, string>>): string {
  const tree: Record<string, unknown> = {};
  for (const q of INIT_QUESTIONS) {
    const value = answers[q.flag];
    if (value !== undefined && value !== '') setPath(tree, q.path, value);
  }
  setPath(tree, ['database', 'port'], 5432);
  setPath(tree, ['database', 'options'], 'sslmode=require');
  setPath(tree, ['storage', 'provider'], 's3');
  tree.resources = { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } };
  // An ALB speaks HTTP/1.1 to its targets unless told GRPC: gRPC calls would fail (synth warns).
  // It registers node ports unless told ip, and the Services are ClusterIP (flyteorg/flyte#2743).
  if (answers['ingress-host'] && answers['ingress-class'] === 'alb') {
    setPath(tree, ['ingress', 'annotations'], { 'alb.ingress.kubernetes.io/target-type': 'ip' });
    setPath(tree, ['ingress', 'grpcAnnotations'], { 'alb.ingress.kubernetes.io/backend-protocol-version': 'GRPC' });
  }
  if (!answers.registry) {
    tree.policy = { waivers: [{ rule: 'image-registry', reason: 'No private registry yet: the cluster pulls the public images directly.' }] };
  }
  // Schema order, so that every file reads the same way.
  const ordered = (node: unknown, path: string[]): unknown => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
    const keys = keysAt(path);
    const entries = Object.entries(node as Record<string, unknown>).sort(([a], [b]) => keys.indexOf(a) - keys.indexOf(b));
    return Object.fromEntries(entries.map(([k, v]) => [k, ordered(v, [...path, k])]));
  };
  const doc = new YAML.Document(ordered(tree, []));
  const comment = (map: unknown, prefix: string[]) => {
    if (!YAML.isMap(map)) return;
    for (const pair of map.items) {
      const path = [...prefix, String((pair.key as YAML.Scalar).value)];
      const description = descriptionAt(path);
      if (description) (pair.key as YAML.Scalar).commentBefore = ` ${description}`;
      comment(pair.value, path);
    }
  };
  comment(doc.contents, []);
  const unused = keysAt([]).filter((k) => !(k in tree));
  doc.comment = [' Not set here (see README.md, Environments):', ...unused.map((k) => `   ${k}: ${descriptionAt([k]) ?? ''}`)].join('\n');
  const text =
    `${SCHEMA_MODELINE}\n` +
    `# Environment "${env}", written by "enterprise-flyte init". Synthesise with "npm run synth".\n` +
    doc.toString({ lineWidth: 0 });
  // Never write a file that synth would refuse.
  parseEnvironment(`config/environments/${env}.yaml`, text);
  return text;
}
