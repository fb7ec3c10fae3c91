import { App } from 'cdk8s';
import type { Environment } from '../config/load';
import { FlyteEnvironment } from '../constructs/flyte-environment';
import type { DigestLock } from '../images/lock';
import { apiLimitIssue } from './api-limits';
import { chartObjects, KubeObject } from './manifests';

// What one environment is, below every generator (helm/, eks/, bundle/, images/) that reads it;
// the pipeline that runs them over it is ./environment.ts.

/** Inputs shared by every environment of a synth run. */
export interface SynthContext {
  /** Project root. */
  readonly root: string;
  readonly lock: DigestLock;
  /** Reports something the user should look at that does not stop the synth. */
  readonly warn: (message: string) => void;
  /** Progress of building each offline bundle (the `bundle` command prints it). @default - silent */
  readonly onBundleStep?: (message: string) => void;
}

/** The constructs and objects of one environment, before anything is written. */
export interface EnvironmentModel {
  readonly env: Environment;
  readonly chart: FlyteEnvironment;
  readonly objects: KubeObject[];
}

/**
 * Builds the construct tree of one environment. Throws a one-line error when an object breaks a
 * limit the API server enforces (src/synth/api-limits.ts): synth never writes what it would refuse.
 */
export function buildEnvironment(env: Environment, ctx: SynthContext): EnvironmentModel {
  const app = new App({ outdir: '.' });
  const chart = new FlyteEnvironment(app, env.name, { spec: env.spec, digests: ctx.lock });
  const objects = chartObjects(chart);
  for (const o of objects) {
    const issue = apiLimitIssue(o);
    if (issue) throw new Error(`${issue}; shrink the setting that fills it`);
  }
  return { env, chart, objects };
}
