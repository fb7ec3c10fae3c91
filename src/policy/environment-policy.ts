import { UserError } from '../errors';
import type { EnvironmentModel } from '../synth/model';
import type { KubeObject } from '../synth/manifests';
import { checkPolicy, formatViolation, PolicyResult } from './check';
import type { Violation } from './rules';

/**
 * Checks an environment's objects (by default its synthesised ones) against every rule and its
 * waivers; `outputFindings` are those of the scan of its files, once they are generated.
 */
export function checkEnvironment(model: EnvironmentModel, objects: readonly KubeObject[] = model.objects, outputFindings?: readonly Violation[]): PolicyResult {
  const spec = model.env.spec;
  return checkPolicy(
    objects,
    { registry: spec.registry?.host, inventory: model.chart.flyte.images.map((i) => i.target.toString()), outputFindings },
    spec.policy?.waivers ?? [],
  );
}

/**
 * Fails the synth, before anything is written, when a rule is broken; reports waived findings
 * and stale waivers as warnings. Given the findings of the scan of the environment's files.
 */
export function enforcePolicy(model: EnvironmentModel, warn: (message: string) => void, outputFindings?: readonly Violation[]): void {
  const result = checkEnvironment(model, model.objects, outputFindings);
  const file = model.env.file;
  if (result.violations.length > 0) {
    const n = result.violations.length;
    // One line, every violation numbered: a message is printed on one line.
    throw new UserError(
      `${file}: policy check failed with ${n} violation${n > 1 ? 's' : ''} (waive a rule only with a reason, in policy.waivers): ` +
        result.violations.map((v, i) => `${n > 1 ? `${i + 1}) ` : ''}${formatViolation(v)}`).join(' '),
    );
  }
  const byWaiver = new Map<string, number>();
  for (const w of result.waived) byWaiver.set(`${w.rule}: ${w.reason}`, (byWaiver.get(`${w.rule}: ${w.reason}`) ?? 0) + 1);
  for (const [waiver, count] of byWaiver) warn(`${file}: ${count} finding${count > 1 ? 's' : ''} waived by ${waiver}`);
  for (const w of result.unusedWaivers) warn(`${file}: waiver of ${w.rule}${w.object ? ` for ${w.object}` : ''} matches nothing; remove it`);
}
