/**
 * The policy checks as a cdk8s validation plugin (`validations:` in cdk8s.yaml), so that they
 * appear in the standard report of `cdk8s synth`. The same checks already ran inside the app,
 * which refuses to write dist/ on a violation; this reports them in cdk8s' own format.
 */
import * as path from 'path';
import type { Validation, ValidationContext } from 'cdk8s-cli/lib/plugins/validation';
import { loadEnvironment } from '../config/load';
import { readLock } from '../images/lock';
import { buildEnvironment } from '../synth/model';
import type { KubeObject } from '../synth/manifests';
import { checkEnvironment } from './environment-policy';
import { RULES } from './rules';

export class EnterpriseFlytePolicy implements Validation {
  public async validate(context: ValidationContext): Promise<void> {
    const root = process.cwd();
    const lock = readLock(root);
    let findings = 0;
    let waived = 0;
    const envs: string[] = [];
    for (const manifest of context.manifests) {
      const env = path.basename(manifest).replace(/\.k8s\.yaml$/, '');
      envs.push(env);
      const model = buildEnvironment(loadEnvironment(root, env), { root, lock, warn: () => undefined });
      const result = checkEnvironment(model, context.parseManifest(manifest) as KubeObject[]);
      waived += result.waived.length;
      for (const v of result.violations) {
        findings++;
        context.report.addViolation({
          ruleName: v.rule,
          recommendation: v.message,
          fix: v.fix,
          violatingResources: [{ resourceName: v.object.split('/')[1], locations: [`${v.object} ${v.field}`], manifestPath: manifest }],
        });
      }
    }
    context.report.submit(findings === 0 ? 'success' : 'failure', {
      environments: envs.join(', '),
      rules: String(RULES.length),
      'waived findings': String(waived),
    });
  }
}
