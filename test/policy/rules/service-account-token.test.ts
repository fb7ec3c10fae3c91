import { expectOnly } from './fixture';

test('service-account-token: a violating fixture is reported, and only that', () => {
  expectOnly('service-account-token', (o) => {
    delete o.find((x) => x.kind === 'ServiceAccount').automountServiceAccountToken;
    return '[service-account-token] ServiceAccount/rel-a-flyte-binary automountServiceAccountToken: the ServiceAccount mounts its token into every pod';
  });
});
