import { deployment, expectOnly } from './fixture';

test('volume-types: a violating fixture is reported, and only that', () => {
  expectOnly('volume-types', (o) => {
    deployment(o).spec.template.spec.volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } });
    return '[volume-types] Deployment/rel-a-flyte-binary spec.template.spec.volumes[docker]: volume type hostPath is not allowed';
  });
});
