/**
 * What Flyte v1.16.8 reads from dist/enterprise (its own config loader: the conformance harness),
 * against what the rest of the release provides: the shutdown grace period, the folder of its auth
 * secrets, and what task pods get (default environment and default PodTemplate).
 */
import { loadEnvironment } from '../../src/config/load';
import { ROOT } from '../helpers';
import { distObjects, flyteConfigOf } from './config-of';
import type { FlyteConfig } from './harness';

const objects = distObjects('enterprise') as any[];
const deployment = objects.find((o) => o.kind === 'Deployment');
const pod = deployment.spec.template.spec;
const flyteContainer = pod.containers.find((c: any) => c.name === 'flyte');
let flyte: FlyteConfig;
beforeAll(() => {
  flyte = flyteConfigOf(objects);
});

describe('dist/enterprise as Flyte reads it', () => {
  test('shutdown: the grace period outlasts admin\'s graceful shutdown (server.gracefulShutdownTimeoutSeconds)', () => {
    const drain = flyte.server.gracefulShutdownTimeoutSeconds;
    expect(drain).toBe(10);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(drain);
    expect(pod.terminationGracePeriodSeconds).toBeLessThan(30);
  });

  test('auth secrets: Flyte\'s secrets-prefix is the folder the init container fills, and propeller\'s client secret is in it', () => {
    const prefix = flyte.secrets['secrets-prefix'];
    const mount = flyteContainer.volumeMounts.find((m: any) => m.mountPath === prefix);
    expect(mount).toMatchObject({ readOnly: true });
    // Not a Secret volume (its content would be what the Secret held when the pod started).
    expect(Object.keys(pod.volumes.find((v: any) => v.name === mount.name))).toEqual(['emptyDir', 'name']);
    const init = pod.initContainers.find((c: any) => c.name === 'gen-admin-auth-secret');
    expect(init.volumeMounts).toContainEqual({ name: mount.name, mountPath: prefix });
    expect(flyte.admin.clientSecretLocation).toBe(`${prefix}/client_secret`);
    expect(init.args[0]).toContain('for file in oidc_client_secret client_secret; do');
  });

  test('task pods: the S3 endpoint, the proxy and the CA file of the binary, in Flyte\'s default environment with their names\' case', () => {
    const env = flyte.plugins.k8s['default-env-vars'];
    expect(env.FLYTE_AWS_ENDPOINT).toBe(flyte.storage.stow.config.endpoint);
    const binary = Object.fromEntries(flyteContainer.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
    for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY']) {
      expect(env[name]).toBe(binary[name]);
      expect(env[name.toLowerCase()]).toBe(binary[name]);
    }
    expect(env.NO_PROXY.split(',')).toContain('10.100.0.0/16');
    for (const name of ['SSL_CERT_FILE', 'AWS_CA_BUNDLE', 'REQUESTS_CA_BUNDLE']) expect(env[name]).toBe(binary.SSL_CERT_FILE);
  });

  test('task pods: the site\'s tasks.env besides the release\'s own, with their names\' case and values', () => {
    const site = loadEnvironment(ROOT, 'enterprise').spec.tasks!.env!;
    expect(site.map((v) => v.name)).toEqual(['PIP_INDEX_URL', 'HF_HUB_OFFLINE']);
    expect(flyte.plugins.k8s['default-env-vars']).toMatchObject(Object.fromEntries(site.map((v) => [v.name, v.value])));
    expect(flyte.plugins.k8s['default-env-vars'].HF_HUB_OFFLINE).toBe('1');
    // The Flyte container itself does not get them.
    expect(flyteContainer.env.map((e: any) => e.name)).not.toContain('PIP_INDEX_URL');
  });

  test('task pods: the default PodTemplate Flyte names is in the release namespace and mounts the CA file at the path the environment names', () => {
    const name = flyte.plugins.k8s['default-pod-template-name'];
    const template = objects.find((o) => o.kind === 'PodTemplate' && o.metadata.name === name);
    expect(template.metadata.namespace).toBe(deployment.metadata.namespace);
    const container = template.template.spec.containers.find((c: any) => c.name === 'default');
    const mount = container.volumeMounts[0];
    const volume = template.template.spec.volumes.find((v: any) => v.name === mount.name);
    expect(`${mount.mountPath}/${volume.configMap.items[0].path}`).toBe(flyte.plugins.k8s['default-env-vars'].SSL_CERT_FILE);
    // The same ConfigMap and key as the binary's bundle; deploy.sh copies it into each task namespace.
    expect(volume.configMap.name).toBe(pod.volumes.find((v: any) => v.name === mount.name).configMap.name);
    expect(volume.configMap.optional).toBe(true);
  });
});
