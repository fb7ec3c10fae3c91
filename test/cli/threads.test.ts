import { UserError } from '../../src/errors';
import { threading } from '../../src/cli/threads';

const io = (env: NodeJS.ProcessEnv, workerScript?: string) => ({ cwd: '/', stdout: { write: () => true }, stderr: { write: () => true }, env, workerScript });

describe('threading', () => {
  test('passes the worker script and the thread count of ENTERPRISE_FLYTE_THREADS', () => {
    expect(threading(io({ ENTERPRISE_FLYTE_THREADS: '3' }, '/opt/ef/bin/enterprise-flyte.js'))).toEqual({ workerScript: '/opt/ef/bin/enterprise-flyte.js', threads: 3 });
    expect(threading(io({}))).toEqual({ workerScript: undefined, threads: undefined });
  });

  test('reads the command environment, not the process environment', () => {
    expect(() => threading(io({ ENTERPRISE_FLYTE_THREADS: '0' }))).toThrow(UserError);
  });
});
