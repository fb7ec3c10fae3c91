/**
 * The construct library: `import { FlyteEnvironment, environmentSpec } from 'enterprise-flyte'`
 * adds one environment to any cdk8s app. The package's `bin` is the CLI (src/cli/index.ts).
 */
export { environmentSpec, parseEnvironment } from './config/load';
export { environmentSchema } from './config/schema';
export type { EnvironmentInput, EnvironmentSpec } from './config/schema';
export * from './constructs/ca-bundle';
export * from './constructs/database-password';
export * from './constructs/flyte-auth';
export * from './constructs/flyte-binary';
export * from './constructs/flyte-cluster-role';
export * from './constructs/flyte-environment';
export * from './constructs/flyte-images';
export * from './constructs/flyte-secrets-role';
export * from './constructs/flyte-workflow-crd';
export * from './constructs/irsa-service-account';
export * from './constructs/network/flyte-ingress';
export * from './constructs/network/flyte-network-policy';
export * from './constructs/network/flyte-service-monitor';
export * from './constructs/network/flyte-services';
export * from './constructs/pod/container';
export * from './constructs/pod/container-env';
export * from './constructs/pod/flyte-pod';
export * from './constructs/pod/pod-affinity';
export * from './constructs/pod/pod-template';
export * from './constructs/pod/probes';
export * from './constructs/pod/volume';
export * from './constructs/private-registry';
export * from './constructs/referenced-secret';
export * from './constructs/restricted-namespace';
export * from './constructs/task-plugin-rbac';
export * from './constructs/task-pod-template';
export { VERSION } from './version';
