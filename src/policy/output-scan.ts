import { createHash } from 'crypto';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { credentialIn } from '../config/credentials';
import type { OutputFile } from '../synth/output-dir';
import { untarGz } from '../synth/tar';
import type { Violation } from './rules';

/** The id of the rule, for waivers (`policy.waivers`, object: a path inside dist/<env>/). */
export const OUTPUT_RULE = 'credential-in-output';

/**
 * A key or variable name that says its value is a secret: "db-password", "api-token",
 * "REGISTRY_AUTH", "client_secret", "corp.io/private-key". Matched on the last word of the name.
 */
const SECRET_NAME = /(password|passwd|pwd|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key|credential)s?$|(^|[^a-z])auth$/i;

// Scalar values that name where a secret is, not the secret: paths, references, Helm placeholders.
const REFERENCE = /^(\/|\{\{|\$\{|\$\(|<)/;

// Keys whose value is the name of a Kubernetes Secret (a reference), in Kubernetes' objects and the
// environment file's own keys (registry.pullSecret, ingress.tlsSecret, caBundle.secret).
const SECRET_NAME_KEYS = new Set(['secret', 'secretName', 'pullSecret', 'tlsSecret', 'existingSecret']);
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

interface Found {
  readonly where: string;
  readonly what: string;
}

/**
 * One scan of every string synth writes to dist/<env>/ (manifests, chart, values, scripts,
 * documents, and the contents of the chart package and the bundle): credential-shaped text
 * anywhere, and keys or variables named like a secret that hold a value. It judges the output,
 * whatever field or file a value travelled through. Each check is linear in its input.
 */
export async function scanOutput(files: readonly OutputFile[]): Promise<Violation[]> {
  const out: Violation[] = [];
  const report = (object: string, f: Found) =>
    out.push({ rule: OUTPUT_RULE, object, field: f.where, message: `${f.what} (the value is not shown)`, fix: 'keep the secret in a Secret or AWS Secrets Manager and reference it; waive the rule for this file only if the value is no secret' });
  // The archives repeat the files beside them (the bundle holds the chart package and the
  // manifests): each content is judged once, under the first name that holds it (a waiver for
  // that file covers its copies), and an archive already seen is not unpacked again.
  const seen = new Set<string>();
  const visit = async (name: string, content: Buffer): Promise<void> => {
    const digest = createHash('sha256').update(content).digest('base64');
    if (seen.has(digest)) return;
    seen.add(digest);
    if (!/\.(tgz|tar\.gz)$/.test(name)) {
      for (const f of scanFile(name, content)) report(name, f);
      return;
    }
    // The files of an archive are named "<archive>:<path inside>".
    for (const e of await untarGz(content)) await visit(`${name}:${e.path}`, Buffer.from(e.content));
  };
  for (const file of files) await visit(file.path, Buffer.from(file.content));
  return out;
}

function scanFile(name: string, content: Buffer): Found[] {
  const text = content.toString('utf8');
  const base = name.slice(name.lastIndexOf(':') + 1);
  if (/\.json$/.test(base)) {
    try {
      return scanValue(JSON.parse(text), '');
    } catch {
      return scanText(text);
    }
  }
  if (/\.ya?ml$/.test(base)) return scanYaml(text, '') ?? scanText(text);
  return scanText(text);
}

/** Every document of a YAML text, or undefined when it is no YAML (a template Helm fills in). */
function scanYaml(text: string, prefix: string): Found[] | undefined {
  let docs: unknown[];
  try {
    // js-yaml: several times faster than the yaml library, and aliases are not expanded into copies.
    docs = loadAll(text, undefined, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  return docs.flatMap((d, i) => scanValue(d, docs.length > 1 ? `${prefix}[${i}]` : prefix));
}

function scanValue(value: unknown, where: string): Found[] {
  const found: Found[] = [];
  const walk = (v: unknown, at: string) => {
    if (typeof v === 'string') {
      const shape = credentialIn(v);
      if (shape) found.push({ where: at || '(whole file)', what: `${shape} in a string` });
      // A file inside a string (a ConfigMap's configuration): its keys count too.
      if (v.includes('\n') && /^[^\s#][^\n]*:/m.test(v)) found.push(...(scanYaml(v, `${at}:`) ?? []).filter((f) => f.what.startsWith('a key')));
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${at}[${i}]`));
      return;
    }
    const record = v as Record<string, unknown>;
    // A Kubernetes environment variable: the name is the key.
    if (typeof record.name === 'string' && typeof record.value === 'string' && secretValue(record.name, record.value)) {
      found.push({ where: `${at}[${record.name}]`, what: `a variable that names a secret (${record.name}) with a literal value` });
    }
    for (const [k, x] of Object.entries(record)) {
      const path = at ? `${at}.${k}` : k;
      if (typeof x === 'string' && secretValue(k, x)) found.push({ where: path, what: `a key that names a secret (${k}) with a value` });
      walk(x, path);
    }
  };
  walk(value, where);
  return found;
}

function secretValue(name: string, value: string): boolean {
  if (SECRET_NAME_KEYS.has(name) && OBJECT_NAME.test(value)) return false;
  return SECRET_NAME.test(name) && value.trim() !== '' && !REFERENCE.test(value.trim());
}

/** Text that is not structured (scripts, documents, templates): credential shapes, line by line. */
function scanText(text: string): Found[] {
  const found: Found[] = [];
  text.split('\n').forEach((line, i) => {
    // key=value assignments are left to structured files: scripts name variables, not values.
    const shape = credentialIn(line, { assignments: false });
    if (shape) found.push({ where: `line ${i + 1}`, what: shape });
  });
  return found;
}
