import { expectOnly } from './fixture';

// Its findings come from the scan of the written files (test/policy/output-scan.test.ts), through the context.
test('credential-in-output: a violating fixture is reported, and only that', () => {
  expectOnly('credential-in-output', () => '[credential-in-output] chart/values.yaml pod.annotations.corp.io/db-password: a key that names a secret (corp.io/db-password) with a value (the value is not shown)');
});
