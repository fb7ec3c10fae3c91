/**
 * Task plugins the flyte-binary v1.16.8 ships that this project can enable (the imports of
 * flytepropeller/plugins/loader.go and the array, pod and connector plugins), by the id each
 * registers. The web API plugins with their own credentials (athena, bigquery, databricks,
 * snowflake) and aws_array are left out: they need secrets in Flyte's config.
 */
export const TASK_PLUGINS = [
  'container', 'sidecar', 'pod', 'k8s-array', 'connector-service', 'echo',
  'spark', 'ray', 'dask', 'pytorch', 'tensorflow', 'mpi',
] as const;

export type TaskPlugin = (typeof TASK_PLUGINS)[number];
