/**
 * The Secrets of an environment that the release does not render but the Flyte pod's config
 * folder projects: each is made here as the operator or the External Secrets Operator would make
 * it, with a secret generated at test time (never stored).
 */
import { randomBytes } from 'crypto';
import * as YAML from 'yaml';
import type { KubeObject } from '../../src/synth/manifests';
import { bcryptHash, esoTemplate, OperatorSecrets } from './harness';

/** A fresh client secret, as OPERATOR.md suggests making one (`openssl rand -hex 32`). */
export function newClientSecret(): string {
  return randomBytes(32).toString('hex');
}

/** The hash file in the form Flyte decodes: the bcrypt hash, base64-encoded (a []byte field). */
export function flyteHashFile(clientId: string, secret: string): string {
  const hash = Buffer.from(bcryptHash(secret)).toString('base64');
  return YAML.stringify({ auth: { appAuth: { selfAuthServer: { staticClients: { [clientId]: { client_secret: hash } } } } } });
}

/** Secret sources (name, projected keys) of the Flyte container's config folder. */
function configSecretSources(objects: readonly KubeObject[]): Array<{ name: string; keys: string[] }> {
  const deployment: any = objects.find((o) => o.kind === 'Deployment');
  const container = deployment.spec.template.spec.containers.find((c: any) => c.name === 'flyte');
  const mount = container.volumeMounts.find((m: any) => m.mountPath === '/etc/flyte/config.d');
  const volume = deployment.spec.template.spec.volumes.find((v: any) => v.name === mount.name);
  return (volume.projected?.sources ?? []).filter((s: any) => s.secret).map((s: any) => ({ name: s.secret.name, keys: (s.secret.items ?? []).map((i: any) => i.key) }));
}

/**
 * What the External Secrets Operator writes into a Secret: each templated key rendered over the
 * fetched values, where the Secrets Manager value holds `secret` under every property except
 * `hashProperty`, which holds its bcrypt hash.
 */
function syncedSecretData(es: any, secret: string, hashProperty: string | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const d of es.spec.data) values[d.secretKey] = d.remoteRef.property === hashProperty && hashProperty !== undefined ? bcryptHash(secret) : secret;
  const templates: Record<string, string> | undefined = es.spec.target.template?.data;
  if (!templates) return values;
  return Object.fromEntries(Object.entries(templates).map(([key, text]) => [key, esoTemplate(text, values)]));
}

/**
 * The operator's Secrets the config folder needs: with the internal authorization server, the
 * Secret with the client's hash file. Made through its ExternalSecret when synced; otherwise by
 * `makeHashFile` (the operator's recipe) from a fresh secret.
 */
export function configSecrets(
  objects: readonly KubeObject[],
  options: { secret?: string; hashProperty?: string; makeHashFile: (clientId: string, secret: string) => string },
  clientId: string,
): OperatorSecrets {
  const secret = options.secret ?? newClientSecret();
  const out: Record<string, Record<string, string>> = {};
  for (const { name, keys } of configSecretSources(objects)) {
    if (objects.some((o) => o.kind === 'Secret' && o.metadata.name === name)) continue;
    const es = objects.find((o) => o.kind === 'ExternalSecret' && (o as any).spec.target.name === name);
    out[name] = es ? syncedSecretData(es, secret, options.hashProperty) : Object.fromEntries(keys.map((k) => [k, options.makeHashFile(clientId, secret)]));
  }
  return out;
}
