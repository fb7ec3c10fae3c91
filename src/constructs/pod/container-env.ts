import type { IConstruct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { envVarIssues, EnvVarSetting, taskEnvIssues, TaskEnvVar } from '../../config/container-rules';
import { DNS_SUBDOMAIN, ENV_NAME, NO_PROXY_ENTRY, PROXY_URL, SECRET_KEY } from '../../config/formats';
import { assertProp, propsError } from '../errors';

export type { EnvVarSetting, TaskEnvVar } from '../../config/container-rules';

/** A forward proxy for the Flyte binary's outgoing HTTP(S) requests. */
export interface ProxySettings {
  /** HTTP_PROXY. @default - none */
  readonly http?: string;
  /** HTTPS_PROXY. @default - none */
  readonly https?: string;
  /** Entries added to NO_PROXY after the built-in ones. @default - none */
  readonly noProxy?: readonly string[];
}

/**
 * Destinations the binary always reaches directly: itself (admin and data catalog on localhost;
 * admin's HTTP gateway dials its own gRPC port as `0.0.0.0:8089`, `GetGrpcHostAddress` in
 * flyteadmin/pkg/config/config.go and `newHTTPServer` in flyteadmin/pkg/server/service.go, v1.16.8,
 * which Go's proxy rules do not treat as loopback: golang/go#48325, flyteadmin PR #347), the
 * link-local AWS agents (instance metadata, EKS Pod Identity; IPv4 and IPv6) and in-cluster
 * Services. The Kubernetes service CIDR, which holds the API server's address, is not known here.
 */
export const BUILT_IN_NO_PROXY = ['localhost', '127.0.0.1', '::1', '0.0.0.0', '169.254.169.254', '169.254.170.23', 'fd00:ec2::254', 'fd00:ec2::23', '.svc', '.cluster.local'] as const;

export interface ContainerEnvProps {
  /** @default - none */
  readonly env?: readonly EnvVarSetting[];
  /** @default - no proxy */
  readonly proxy?: ProxySettings;
  /** The trusted CA file, named by SSL_CERT_FILE and AWS_CA_BUNDLE. @default - the image's own roots */
  readonly caFile?: string;
}

/**
 * The Flyte container's environment after POD_NAME and POD_NAMESPACE: the CA bundle, the proxy,
 * then the site's own variables. Literal credentials are refused; values from Secrets are referenced.
 * Errors name the fields as FlyteBinary does, after the path of `scope` (FlyteBinary) when given.
 */
export function containerEnv(props: ContainerEnvProps, scope?: IConstruct): k8s.EnvVar[] {
  const out: k8s.EnvVar[] = [];
  if (props.caFile !== undefined) out.push({ name: 'SSL_CERT_FILE', value: props.caFile }, { name: 'AWS_CA_BUNDLE', value: props.caFile });
  const proxy = props.proxy;
  if (proxy) {
    if (proxy.http === undefined && proxy.https === undefined) throw propsError(scope, 'proxy', 'expected http, https or both');
    if (proxy.http !== undefined) assertProp(scope, 'proxy.http', proxy.http, PROXY_URL);
    if (proxy.https !== undefined) assertProp(scope, 'proxy.https', proxy.https, PROXY_URL);
    proxy.noProxy?.forEach((e, i) => assertProp(scope, `proxy.noProxy[${i}]`, e, NO_PROXY_ENTRY));
    if (proxy.http !== undefined) out.push({ name: 'HTTP_PROXY', value: proxy.http });
    if (proxy.https !== undefined) out.push({ name: 'HTTPS_PROXY', value: proxy.https });
    const noProxy = [...new Set([...BUILT_IN_NO_PROXY, ...(proxy.noProxy ?? [])])];
    out.push({ name: 'NO_PROXY', value: noProxy.join(',') });
  }
  const env = props.env ?? [];
  env.forEach((v, i) => assertProp(scope, `pod.env[${i}].name`, v.name, ENV_NAME));
  const problem = envVarIssues(env)[0];
  if (problem) throw propsError(scope, `pod.env[${String(problem.path[0])}]`, problem.message);
  for (const [i, v] of env.entries()) {
    const ref = v.secretKeyRef ?? v.configMapKeyRef;
    if (ref) {
      assertProp(scope, `pod.env[${i}] reference name`, ref.name, DNS_SUBDOMAIN);
      assertProp(scope, `pod.env[${i}] reference key`, ref.key, SECRET_KEY);
    }
    out.push(
      v.value !== undefined
        ? { name: v.name, value: v.value }
        : { name: v.name, valueFrom: v.secretKeyRef ? { secretKeyRef: { name: v.secretKeyRef.name, key: v.secretKeyRef.key } } : { configMapKeyRef: { name: v.configMapKeyRef!.name, key: v.configMapKeyRef!.key } } },
    );
  }
  return out;
}

export interface TaskPodEnvProps {
  /**
   * S3 endpoint URL of the buckets: task pods' flytekit reads it as FLYTE_AWS_ENDPOINT
   * (flyteorg/flyte #6415; upstream's sandbox values set it the same way).
   * @default - none: the regional endpoint
   */
  readonly storageEndpoint?: string;
  /** @default - no proxy */
  readonly proxy?: ProxySettings;
  /** The trusted CA file, as mounted in task pods by the default PodTemplate. @default - the image's own roots */
  readonly caFile?: string;
  /** The site's own variables (`tasks.env`), after the chart's. @default - none */
  readonly env?: readonly TaskEnvVar[];
}

/**
 * Flyte's default environment of every task container (`plugins.k8s.default-env-vars`): the S3
 * endpoint, the proxy and the CA bundle of the deployment, so that task pods reach what the binary
 * reaches. Both spellings of the proxy variables: Go and Python read either, curl and wget only
 * the lower-case ones. For the CA: SSL_CERT_FILE (OpenSSL, Go), AWS_CA_BUNDLE (botocore) and
 * REQUESTS_CA_BUNDLE (requests, which otherwise trusts its own certifi bundle). Then the site's
 * variables, literals only: Flyte's default-env-vars are a map of strings
 * (flyteplugins/go/tasks/pluginmachinery/flytek8s/config/config.go, v1.16.8).
 */
export function taskPodEnv(props: TaskPodEnvProps, scope?: IConstruct): Array<{ readonly name: string; readonly value: string }> {
  const out: Array<{ name: string; value: string }> = [];
  if (props.storageEndpoint !== undefined) out.push({ name: 'FLYTE_AWS_ENDPOINT', value: props.storageEndpoint });
  const proxy = props.proxy;
  if (proxy) {
    // containerEnv validates the same settings for the binary; its NO_PROXY is the tasks' too.
    const noProxy = containerEnv({ proxy }, scope).find((e) => e.name === 'NO_PROXY')!.value!;
    for (const [name, value] of [['HTTP_PROXY', proxy.http], ['HTTPS_PROXY', proxy.https], ['NO_PROXY', noProxy]] as const) {
      if (value !== undefined) out.push({ name, value }, { name: name.toLowerCase(), value });
    }
  }
  if (props.caFile !== undefined) {
    for (const name of ['SSL_CERT_FILE', 'AWS_CA_BUNDLE', 'REQUESTS_CA_BUNDLE']) out.push({ name, value: props.caFile });
  }
  return [...out, ...siteTaskEnv(props.env ?? [], scope)];
}

/** `tasks.env`, checked by the rules of the environment schema; errors name the fields as FlyteBinary does. */
function siteTaskEnv(env: readonly TaskEnvVar[], scope?: IConstruct): TaskEnvVar[] {
  env.forEach((v, i) => {
    assertProp(scope, `tasks.env[${i}].name`, v.name, ENV_NAME);
    if (typeof v.value !== 'string') throw propsError(scope, `tasks.env[${i}].value`, `${JSON.stringify(v.value)} is not allowed; expected a string`);
  });
  const problem = taskEnvIssues(env)[0];
  if (problem) throw propsError(scope, `tasks.env[${String(problem.path[0])}].${String(problem.path[1])}`, problem.message);
  return env.map((v) => ({ name: v.name, value: v.value }));
}
