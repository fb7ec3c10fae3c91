/** What Flyte reads from a set of rendered objects (a dist/ folder, a Helm render, a build). */
import * as fs from 'fs';
import * as path from 'path';
import type { KubeObject } from '../../src/synth/manifests';
import { parseAll } from '../../src/synth/yaml';
import { ROOT } from '../helpers';
import { assembleConfigDir, effectiveConfig, FlyteConfig } from './harness';
import { configSecrets, flyteHashFile } from './operator-secrets';

/** The objects of a committed dist/<env>/manifests folder. */
export function distObjects(env: string): KubeObject[] {
  const dir = path.join(ROOT, 'dist', env, 'manifests');
  return fs.readdirSync(dir).sort().flatMap((f) => parseAll(fs.readFileSync(path.join(dir, f), 'utf8'))) as KubeObject[];
}

/**
 * Flyte's effective configuration of the pod these objects describe: its config folder assembled
 * as the projected volume is, an operator's hash Secret made from a fresh secret.
 */
export function flyteConfigOf(objects: readonly KubeObject[], clientId = 'flytepropeller'): FlyteConfig {
  const dir = assembleConfigDir(objects, configSecrets(objects, { makeHashFile: flyteHashFile }, clientId));
  try {
    return effectiveConfig(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
