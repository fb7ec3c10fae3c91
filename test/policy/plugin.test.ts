import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { ValidationContext as ValidationContextType } from 'cdk8s-cli/lib/plugins/validation';
import { EnterpriseFlytePolicy } from '../../src/policy/plugin';
import { objectsOf, ROOT, tmpProject, validInput } from '../helpers';
import { toYaml } from '../../src/synth/yaml';

// The CLI's own report classes, through its public entry point.
const { ValidationContext } = require('cdk8s-cli/plugins') as { ValidationContext: typeof ValidationContextType };

describe('cdk8s validation plugin', () => {
  test('cdk8s synth runs the policy checks and shows them in its report', () => {
    const root = tmpProject({ alpha: validInput() }, { 'cdk8s.yaml': fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8') });
    // cdk8s.yaml runs scripts/build.js --if-stale, then bin/enterprise-flyte.js, which loads lib/.
    fs.symlinkSync(path.join(ROOT, 'bin'), path.join(root, 'bin'));
    fs.symlinkSync(path.join(ROOT, 'lib'), path.join(root, 'lib'));
    fs.symlinkSync(path.join(ROOT, 'scripts'), path.join(root, 'scripts'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
    const r = spawnSync(path.join(ROOT, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade'], { cwd: root, encoding: 'utf8', env: { ...process.env, HOME: root } });
    // Only warnings (unpinned images) on stderr: no error, no stack trace.
    for (const line of r.stderr.trimEnd().split('\n').filter(Boolean)) expect(line).toMatch(/^enterprise-flyte: warning: /);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Validation Report (');
    expect(r.stdout).toMatch(/Status\s+│ success/);
    expect(r.stdout).toMatch(/environments\s+│ alpha/);
    expect(r.stdout).toContain('Validations ended succesfully');
    // The app wrote dist/ itself; the CLI's folder only holds the copy it validated.
    expect(fs.existsSync(path.join(root, 'dist/alpha/manifests/18-deployment-rel-a-flyte-binary.yaml'))).toBe(true);
    expect(fs.readdirSync(path.join(root, '.cdk8s.out'))).toContain('alpha.k8s.yaml');
  });

  test('violations in the manifests are reported in cdk8s format, and fail the report', async () => {
    const root = tmpProject({ alpha: validInput() });
    const objects = objectsOf(validInput()) as any[];
    const deployment = objects.find((o) => o.kind === 'Deployment');
    deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
    const manifest = path.join(root, 'alpha.k8s.yaml');
    fs.writeFileSync(manifest, objects.map((o) => toYaml(o)).join('---\n'));
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const context = new ValidationContext([manifest], 'enterprise-flyte-policy', '0.1.0', {}, false);
      await new EnterpriseFlytePolicy().validate(context);
      const report = context.report.toJson();
      expect(report.summary.status).toBe('failure');
      expect(report.violations.map((v) => [v.ruleName, v.recommendation, v.violatingConstructs[0].locations])).toEqual([
        ['read-only-root-filesystem', 'the root filesystem is writable', ['Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].securityContext.readOnlyRootFilesystem']],
      ]);
      expect(report.violations[0].fix).toBe('set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process writes');
    } finally {
      process.chdir(cwd);
    }
  });
});
