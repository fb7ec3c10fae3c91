import { App, Chart } from 'cdk8s';
import { PrivateRegistry, PrivateRegistryProps } from '../../src/constructs/private-registry';
import { ImageReference } from '../../src/images/reference';

const make = (props: Partial<PrivateRegistryProps> = {}) =>
  new PrivateRegistry(new Chart(new App({ outdir: '.' }), 'c'), 'R', { host: 'mirror.corp:8443', pullSecretName: 'pull', ...props });
const ref = (s: string) => ImageReference.parse(s);

describe('PrivateRegistry', () => {
  test('path mapping keeps the repository path, tag and digest', () => {
    const r = make();
    expect(r.mirror(ref('cr.flyte.org/flyteorg/flyte-binary-release:v1')).toString()).toBe('mirror.corp:8443/flyteorg/flyte-binary-release:v1');
    expect(r.mirror(ref('postgres:15-alpine')).toString()).toBe('mirror.corp:8443/library/postgres:15-alpine');
    const d = `sha256:${'0'.repeat(64)}`;
    expect(r.mirror(ref(`quay.io/a/b/c:t@${d}`)).toString()).toBe(`mirror.corp:8443/a/b/c:t@${d}`);
  });

  test('flat mapping keeps the last element and detects collisions', () => {
    const r = make({ mapping: 'flat' });
    expect(r.mirror(ref('cr.flyte.org/flyteorg/flytecopilot-release:v1')).toString()).toBe('mirror.corp:8443/flytecopilot-release:v1');
    expect(r.mirror(ref('docker.io/library/postgres:15')).toString()).toBe('mirror.corp:8443/postgres:15');
    expect(() => r.mirror(ref('quay.io/other/postgres:15'))).toThrow(
      'c/R: docker.io/library/postgres and quay.io/other/postgres would both be mirrored to mirror.corp:8443/postgres; use mapping "path" or rename one source',
    );
  });

  test('the same source twice is not a collision', () => {
    const r = make({ mapping: 'flat' });
    r.mirror(ref('postgres:15'));
    expect(r.mirror(ref('postgres:16')).toString()).toBe('mirror.corp:8443/postgres:16');
  });

  test('exposes the pull secret name and defaults to path mapping', () => {
    const r = make();
    expect(r.pullSecretName).toBe('pull');
    expect(r.mapping).toBe('path');
  });

  test('a path prefix (Harbor project, Artifactory key) goes before the mapped path, under both mappings', () => {
    const path = make({ host: 'harbor.corp.example/flyte' });
    expect([path.server, path.prefix]).toEqual(['harbor.corp.example', 'flyte']);
    expect(path.mirror(ref('cr.flyte.org/flyteorg/flyte-binary-release:v1')).toString()).toBe('harbor.corp.example/flyte/flyteorg/flyte-binary-release:v1');
    expect(path.mirror(ref('postgres:15')).toString()).toBe('harbor.corp.example/flyte/library/postgres:15');
    const flat = make({ host: 'art.corp:8443/docker-local/team', mapping: 'flat' });
    const m = flat.mirror(ref('cr.flyte.org/flyteorg/flytecopilot-release:v1'));
    expect([m.registry, m.repository, m.toString()]).toEqual(['art.corp:8443', 'docker-local/team/flytecopilot-release', 'art.corp:8443/docker-local/team/flytecopilot-release:v1']);
    expect(make().prefix).toBeUndefined();
  });

  test('an ECR host needs no pull Secret, with or without a prefix; other hosts do', () => {
    const ecr = make({ host: '123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror', pullSecretName: undefined });
    expect(ecr.pullSecretName).toBeUndefined();
    expect(ecr.server).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com');
    expect(() => make({ host: 'harbor.corp.example/flyte', pullSecretName: undefined })).toThrow('c/R: pullSecretName: missing for "harbor.corp.example/flyte"');
  });

  test('a mirrored name over 255 characters is refused', () => {
    const r = make({ host: `reg.corp/${'p'.repeat(190)}` });
    expect(() => r.mirror(ref(`quay.io/${'a'.repeat(60)}/b:1`))).toThrow(/is longer than the 255 characters a repository name may have/);
  });

  test('validates props', () => {
    expect(() => make({ host: 'myteam/flyte' })).toThrow('c/R: host: "myteam/flyte" is not allowed');
    expect(() => make({ host: 'https://x' })).toThrow('c/R: host: "https://x" is not allowed');
    expect(() => make({ host: 'myteam' })).toThrow('c/R: host: "myteam" is not allowed');
    expect(() => make({ host: 'localhost:5000' })).not.toThrow();
    expect(() => make({ host: 'localhost' })).not.toThrow();
    expect(() => make({ pullSecretName: 'A' })).toThrow('c/R: pullSecretName: "A" is not allowed');
    expect(() => make({ mapping: 'deep' as never })).toThrow('c/R: mapping: "deep" is not allowed; expected "path" or "flat"');
  });
});
