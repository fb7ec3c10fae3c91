/**
 * The typed Kubernetes 1.27 API of cdk8s-plus-27 (`k8s.Kube*`), imported once: the package's
 * index would also load every higher-level construct, which this project does not use, and one
 * import site keeps the bundle from copying the module's 136 exports per importing file.
 */
export * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
