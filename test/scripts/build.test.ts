import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../helpers';

// One build into a folder of its own (lib/ is shared with other suites).
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-build-'));
const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.js'), out], { cwd: ROOT, encoding: 'utf8' });
const bundle = () => fs.readFileSync(path.join(out, 'enterprise-flyte.js'), 'utf8');
const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

describe('scripts/build.js', () => {
  test('builds the CLI, the cdk8s validation plugin and the on-demand AWS SDK part', () => {
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    for (const f of ['enterprise-flyte.js', 'policy-plugin.js', 'cluster-lookup.js', 'ecr-repositories.js']) expect(fs.existsSync(path.join(out, f))).toBe(true);
    // `cluster lookup` and `images create-repositories` load the SDK from their own files, so a synth never does.
    expect(bundle()).toContain('"./cluster-lookup.js"');
    expect(bundle()).toContain('"./ecr-repositories.js"');
    expect(bundle()).not.toContain('EKSClient');
    expect(bundle()).not.toContain('CreateRepositoryCommand');
    expect(fs.readFileSync(path.join(out, 'ecr-repositories.js'), 'utf8')).toContain('CreateRepositoryCommand');
  });

  test('bundles only the Kubernetes API classes the constructs use', () => {
    // Each class of the typed API carries its GroupVersionKind; the minified bundle keeps it as written.
    const gvk = (apiVersion: string, kind: string) => `apiVersion:"${apiVersion}",kind:"${kind}"`;
    const classes = [
      gvk('apps/v1', 'Deployment'),
      gvk('networking.k8s.io/v1', 'NetworkPolicy'),
      gvk('apiextensions.k8s.io/v1', 'CustomResourceDefinition'),
      gvk('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'),
      gvk('autoscaling/v2', 'HorizontalPodAutoscaler'),
      gvk('v1', 'ReplicationController'),
    ];
    const text = bundle();
    expect(classes.filter((c) => text.includes(c))).toEqual(classes.slice(0, 3));
  });

  test('bundles one copy of the yaml library, shared with cdk8s', () => {
    // An error message of the yaml library's parser.
    expect(occurrences(bundle(), 'Nested mappings are not allowed in compact mappings')).toBe(1);
  });
});
