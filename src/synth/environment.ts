import { App } from 'cdk8s';
import { bundleFiles, hasBundleInputs } from '../bundle/bundle';
import type { Environment } from '../config/load';
import { FlyteEnvironment } from '../constructs/flyte-environment';
import type { DigestLock } from '../images/lock';
import { chartObjects, KubeObject, manifestFileName, manifestYaml } from './manifests';
import type { OutputFile } from './output-dir';

/** Inputs shared by every environment of a synth run. */
export interface SynthContext {
  /** Project root. */
  readonly root: string;
  readonly lock: DigestLock;
  /** Reports something the user should look at that does not stop the synth. */
  readonly warn: (message: string) => void;
}

/** The constructs and objects of one environment, before anything is written. */
export interface EnvironmentModel {
  readonly env: Environment;
  readonly chart: FlyteEnvironment;
  readonly objects: KubeObject[];
}

/** Builds the construct tree of one environment. */
export function buildEnvironment(env: Environment, ctx: SynthContext): EnvironmentModel {
  const app = new App({ outdir: '.' });
  const chart = new FlyteEnvironment(app, env.name, { spec: env.spec, digests: ctx.lock });
  return { env, chart, objects: chartObjects(chart) };
}

/** The plain manifests: `manifests/NN-<kind>-<name>.yaml`, one object per file. */
export function manifestFiles(model: EnvironmentModel): OutputFile[] {
  return model.objects.map((obj) => ({ path: `manifests/${manifestFileName(obj)}`, content: manifestYaml(obj) }));
}

/** Every file of `dist/<env>/`, paths relative to it. */
export async function environmentFiles(model: EnvironmentModel, _ctx: SynthContext): Promise<OutputFile[]> {
  const files: OutputFile[] = [...manifestFiles(model)];
  // The bundle packs the other files, so it comes last.
  // TODO(lead): call bundleFiles unconditionally once chart and images land (it throws on a missing input).
  if (hasBundleInputs(model.env.name, files)) files.push(...(await bundleFiles(model, files)));
  return files;
}
