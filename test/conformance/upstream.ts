/**
 * The upstream flyte-binary chart v1.16.8 (the read-only reference copy), rendered at test time
 * with the real Helm of .tools/ and read through Flyte's own loader: what Flyte reads from
 * upstream's render, to compare with what it reads from ours.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import type { KubeObject } from '../../src/synth/manifests';
import { parseAll } from '../../src/synth/yaml';
import { tool } from '../helpers';

export const UPSTREAM = '/work/shared/reference/flyte-binary-v1.16.8';
export const UPSTREAM_CHART = path.join(UPSTREAM, 'chart');

/** `helm template flyte-backend <chart> -n flyte -f <each values>` of the upstream chart. */
export function upstreamRender(values: ReadonlyArray<string | Record<string, unknown>>): KubeObject[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-upstream-'));
  try {
    const files = values.map((v, i) => {
      if (typeof v === 'string') return v;
      const f = path.join(dir, `values-${i}.yaml`);
      fs.writeFileSync(f, YAML.stringify(v));
      return f;
    });
    const r = tool('helm', ['template', 'flyte-backend', UPSTREAM_CHART, '-n', 'flyte', ...files.flatMap((f) => ['-f', f])]);
    if (r.status !== 0) throw new Error(`helm template of the upstream chart failed: ${r.stderr.trim()}`);
    return parseAll(r.stdout) as KubeObject[];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * upstream's eks-production.yaml with its placeholders filled in (a text substitution of the
 * `<PLACEHOLDER>` tokens it ships), parsed.
 */
export function eksProductionValues(fill: Readonly<Record<string, string>>): any {
  let text = fs.readFileSync(path.join(UPSTREAM_CHART, 'eks-production.yaml'), 'utf8');
  for (const [k, v] of Object.entries(fill)) text = text.split(`<${k}>`).join(v);
  return YAML.parse(text);
}

/** Every leaf of a JSON value as path -> value (arrays as one leaf: their order is part of the value). */
export function leaves(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out[prefix] = value;
  }
  return out;
}

/** Paths whose values differ between two effective configurations (missing counts as different). */
export function differingPaths(a: unknown, b: unknown): string[] {
  const la = leaves(a);
  const lb = leaves(b);
  return [...new Set([...Object.keys(la), ...Object.keys(lb)])].filter((k) => JSON.stringify(la[k]) !== JSON.stringify(lb[k])).sort();
}
