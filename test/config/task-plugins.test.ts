import { TASK_PLUGINS } from '../../src/config/task-plugins';

describe('TASK_PLUGINS', () => {
  test('the plugin ids the v1.16.8 binary registers that need no credentials of their own', () => {
    expect([...TASK_PLUGINS]).toEqual(['container', 'sidecar', 'pod', 'k8s-array', 'connector-service', 'echo', 'spark', 'ray', 'dask', 'pytorch', 'tensorflow', 'mpi']);
  });

  test('web API plugins with credentials and the AWS Batch array plugin are not offered', () => {
    for (const id of ['athena', 'bigquery', 'databricks', 'snowflake', 'aws_array', 'K8S-ARRAY']) expect(TASK_PLUGINS).not.toContain(id);
  });
});
