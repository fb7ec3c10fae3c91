import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { FlyteAuth, FlyteAuthProps, INTERNAL_TOKEN_URL } from '../../src/constructs/flyte-auth';
import { flyteConfigFiles } from '../../src/constructs/flyte-config';
import { bcryptHash, checkClientSecret, esoTemplate, flyteReads } from '../conformance/harness';
import { newClientSecret } from '../conformance/operator-secrets';

const SERVICE_URIS = ['http://rel-z-flyte-binary-http:8088', 'http://rel-z-flyte-binary-http.ns-z:8088'];

function make(props: Partial<FlyteAuthProps> = {}) {
  const chart = new Chart(new App({ outdir: '.' }), 'c');
  const auth = new FlyteAuth(chart, 'Auth', {
    fullName: 'rel-z-flyte-binary',
    namespace: 'ns-z',
    serviceUris: SERVICE_URIS,
    oidc: { issuer: 'https://idp-z.example.com/oauth2/aus1', clientId: '0oa-console-z', clientSecret: { name: 'oidc-z', key: 'oidc.key' } },
    internalClient: { clientSecret: { name: 'prop-z', key: 'plain.key', hashKey: 'hash-file.yaml' } },
    authorizedUris: ['https://flyte-z.example.com'],
    ...props,
  });
  return { auth, objects: chart.toJson(), config: YAML.parse(auth.configFile) };
}

// The upstream chart's command-line clients of the internal server (values of its 004-auth.yaml), stated here.
const cliStaticClient = (id: string) => ({
  grant_types: ['refresh_token', 'authorization_code'],
  id,
  public: true,
  redirect_uris: ['http://localhost:53593/callback', 'http://localhost:12345/callback'],
  response_types: ['code', 'token'],
  scopes: ['all', 'offline', 'access_token'],
});

describe('FlyteAuth with the internal authorization server (parity with the upstream render)', () => {
  test('the config keys: static clients, flyteClient, authorizedUris, openId, useAuth', () => {
    const { config } = make();
    expect(config).toEqual({
      auth: {
        appAuth: {
          authServerType: 'Self',
          selfAuthServer: {
            staticClients: {
              flytepropeller: {
                grant_types: ['refresh_token', 'client_credentials'],
                id: 'flytepropeller',
                response_types: ['token'],
                scopes: ['all', 'offline', 'access_token'],
              },
              'flyte-cli': cliStaticClient('flyte-cli'),
              flytectl: cliStaticClient('flytectl'),
            },
          },
          thirdPartyConfig: { flyteClient: { clientId: 'flytectl', redirectUri: 'http://localhost:53593/callback', scopes: ['all'] } },
        },
        // The site's URLs first, then the in-cluster ones, as upstream orders them.
        authorizedUris: ['https://flyte-z.example.com', ...SERVICE_URIS],
        userAuth: {
          openId: { baseUrl: 'https://idp-z.example.com/oauth2/aus1', clientId: '0oa-console-z', clientSecretName: 'oidc_client_secret', scopes: ['profile', 'openid'] },
        },
      },
      server: { security: { useAuth: true } },
    });
  });

  test('the client secret hash never appears in the config file: it comes from the Secret-backed file', () => {
    const { config, auth } = make();
    expect(config.auth.appAuth.selfAuthServer.staticClients.flytepropeller.client_secret).toBeUndefined();
    expect(auth.configSources).toEqual([{ secret: { name: 'prop-z', items: [{ key: 'hash-file.yaml', path: '006-auth-client-hash.yaml', mode: 0o440 }] } }]);
  });

  test('propeller\'s admin client reads the secret upstream mounts at /etc/secrets/client_secret', () => {
    expect(make().auth.adminClient).toEqual({ authType: 'ClientSecret', clientId: 'flytepropeller', clientSecretLocation: '/etc/secrets/client_secret', tokenUrl: INTERNAL_TOKEN_URL });
    const custom = make({ internalClient: { clientId: 'svc-z', scopes: ['api:z'], clientSecret: { name: 'prop-z' } } });
    expect(custom.auth.adminClient).toEqual({ authType: 'ClientSecret', clientId: 'svc-z', clientSecretLocation: '/etc/secrets/client_secret', tokenUrl: INTERNAL_TOKEN_URL, scopes: ['api:z'] });
    // The static client follows the client id, so the two always match.
    expect(Object.keys(custom.config.auth.appAuth.selfAuthServer.staticClients)).toEqual(['svc-z', 'flyte-cli', 'flytectl']);
    expect(custom.config.auth.appAuth.selfAuthServer.staticClients['svc-z'].id).toBe('svc-z');
  });

  test('/etc/secrets is an in-memory folder the init container fills from the Secrets, mounted read-only', () => {
    const { auth } = make();
    expect(auth.volumeMount).toEqual({ name: 'auth', mountPath: '/etc/secrets', readOnly: true });
    expect(auth.volume).toEqual({ name: 'auth', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } });
    // The sources: the generated keys and the two client secrets, group-readable only.
    expect(auth.sourcesVolume).toEqual({
      name: 'auth-sources',
      projected: {
        defaultMode: 0o440,
        sources: [
          { secret: { name: 'rel-z-flyte-binary-admin-auth' } },
          { secret: { name: 'oidc-z', items: [{ key: 'oidc.key', path: 'oidc_client_secret' }] } },
          { secret: { name: 'prop-z', items: [{ key: 'plain.key', path: 'client_secret' }] } },
        ],
      },
    });
    expect(auth.initMounts).toEqual([
      { name: 'auth-sources', mountPath: '/etc/flyte-auth-sources', readOnly: true },
      { name: 'auth', mountPath: '/etc/secrets' },
    ]);
    expect(auth.initEnv).toEqual([
      { name: 'AUTH_GENERATED', value: '/tmp/admin-auth-secret' },
      { name: 'AUTH_SOURCES', value: '/etc/flyte-auth-sources' },
      { name: 'AUTH_SECRETS', value: '/etc/secrets' },
    ]);
  });

  test('renders only the empty Secret Flyte fills with its keys: no value, no client Secret', () => {
    const { objects } = make({ labels: { l: 'v' } });
    expect(objects).toEqual([
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'rel-z-flyte-binary-admin-auth', namespace: 'ns-z', labels: { l: 'v' } }, type: 'Opaque' },
    ]);
  });

  test('the init container script generates the keys into that Secret, as upstream\'s gen-admin-auth-secret, then fills /etc/secrets', () => {
    const script = make().auth.initScript;
    expect(script.split('\n').slice(0, 2)).toEqual([
      "flyte --config='/etc/flyte/config.d/*.yaml' secrets init --localPath \"$AUTH_GENERATED\"",
      "flyte --config='/etc/flyte/config.d/*.yaml' secrets create --name rel-z-flyte-binary-admin-auth --fromPath \"$AUTH_GENERATED\"",
    ]);
    // Run for real (test/cluster/auth-secrets.test.ts): here, the names it copies.
    expect(script).toContain('for key in claim_symmetric_key cookie_block_key cookie_hash_key token_rsa_key.pem; do');
    expect(script).toContain('for file in oidc_client_secret client_secret; do');
  });

  test('deploy.sh must find three keys: the OIDC secret, the plain client secret and the hash file', () => {
    expect(make().auth.requiredSecrets).toEqual([
      { name: 'oidc-z', key: 'oidc.key', what: 'OIDC client secret' },
      { name: 'prop-z', key: 'plain.key', what: 'internal client secret' },
      { name: 'prop-z', key: 'hash-file.yaml', what: 'internal client secret hash (a Flyte configuration file)', hashFor: 'flytepropeller' },
    ]);
  });

  test('defaults: keys client_secret and client_secret_hash.yaml; CLI client settings as given', () => {
    const { auth, config } = make({
      oidc: { issuer: 'https://idp.example.com', clientId: 'c', clientSecret: { name: 'o' } },
      internalClient: { clientSecret: { name: 'p' } },
      cliClient: { clientId: 'cli-z', redirectUri: 'http://localhost:9999/cb', scopes: ['s1', 's2'], audience: 'aud-z' },
      authorizedUris: undefined,
    });
    expect(auth.requiredSecrets.map((s) => `${s.name}/${s.key}`)).toEqual(['o/client_secret', 'p/client_secret', 'p/client_secret_hash.yaml']);
    expect(config.auth.appAuth.thirdPartyConfig.flyteClient).toEqual({ clientId: 'cli-z', redirectUri: 'http://localhost:9999/cb', scopes: ['s1', 's2'], audience: 'aud-z' });
    expect(config.auth.authorizedUris).toEqual(SERVICE_URIS);
  });
});

describe('FlyteAuth with an external authorization server', () => {
  const external = () =>
    make({ authorizationServer: { type: 'external', issuer: 'https://idp-z.example.com/oauth2/aus9', audience: 'api://flyte-z' }, internalClient: { clientId: 'svc-z', clientSecret: { name: 'prop-z' } } });

  test('authServerType External, baseUrl and allowedAudience; no static clients', () => {
    const { config } = external();
    expect(config.auth.appAuth).toEqual({
      authServerType: 'External',
      externalAuthServer: { baseUrl: 'https://idp-z.example.com/oauth2/aus9', allowedAudience: ['api://flyte-z'] },
      thirdPartyConfig: { flyteClient: { clientId: 'flytectl', redirectUri: 'http://localhost:53593/callback', scopes: ['all'] } },
    });
    expect(config.server).toEqual({ security: { useAuth: true } });
  });

  test('propeller asks the external server for the audience Flyte accepts', () => {
    expect(external().auth.adminClient).toEqual({ authType: 'ClientSecret', clientId: 'svc-z', clientSecretLocation: '/etc/secrets/client_secret', audience: 'api://flyte-z' });
  });

  test('no hash: nothing added to the config folder, deploy.sh checks only the two secrets', () => {
    const { auth } = external();
    expect(auth.configSources).toEqual([]);
    expect(auth.requiredSecrets.map((s) => `${s.name}/${s.key}`)).toEqual(['oidc-z/oidc.key', 'prop-z/client_secret']);
  });
});

describe('FlyteAuth with secrets synced by the External Secrets Operator', () => {
  test('one ExternalSecret per Secret; the hash is wrapped into the configuration file by the template', () => {
    const { objects, auth } = make({
      oidc: { issuer: 'https://idp.example.com', clientId: 'c', clientSecret: { name: 'oidc-z', externalSecret: { storeName: 'asm', remoteKey: 'prod/oidc', property: 'secret' } } },
      internalClient: { clientSecret: { name: 'prop-z', externalSecret: { storeName: 'asm', storeKind: 'SecretStore', remoteKey: 'prod/prop', property: 'plain', refreshInterval: '5m' }, hashProperty: 'bcrypt' } },
    });
    const [oidc, prop] = objects.filter((o) => o.kind === 'ExternalSecret');
    expect(oidc.spec.data).toEqual([{ secretKey: 'client_secret', remoteRef: { key: 'prod/oidc', property: 'secret' } }]);
    expect(oidc.spec.target.template).toBeUndefined();
    expect(prop.metadata).toEqual({ name: 'prop-z', namespace: 'ns-z' });
    expect(prop.spec.secretStoreRef).toEqual({ name: 'asm', kind: 'SecretStore' });
    expect(prop.spec.refreshInterval).toBe('5m');
    expect(prop.spec.data).toEqual([
      { secretKey: 'value0', remoteRef: { key: 'prod/prop', property: 'plain' } },
      { secretKey: 'value1', remoteRef: { key: 'prod/prop', property: 'bcrypt' } },
    ]);
    expect(prop.spec.target.template.data.client_secret).toBe('{{ .value0 }}');
    // The operator cannot check Secrets that appear during the install.
    expect(auth.requiredSecrets).toEqual([]);
  });

  test('the Secret the External Secrets Operator writes from the bare hash is one Flyte decodes, and its hash matches the secret', () => {
    const { objects, auth } = make({
      internalClient: { clientId: 'prop-client', clientSecret: { name: 'prop-z', externalSecret: { storeName: 'asm', remoteKey: 'prod/prop', property: 'plain' }, hashProperty: 'bcrypt' } },
    });
    const prop = objects.find((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'prop-z');
    // Secrets Manager holds the secret and its bare bcrypt hash; ESO renders each key's template over them.
    const secret = newClientSecret();
    const values = { value0: secret, value1: bcryptHash(secret) };
    const data: Record<string, string> = Object.fromEntries(Object.entries(prop.spec.target.template.data as Record<string, string>).map(([k, t]) => [k, esoTemplate(t, values)]));
    expect(data.client_secret).toBe(secret);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-auth-'));
    try {
      fs.writeFileSync(path.join(dir, '005-auth.yaml'), auth.configFile);
      fs.writeFileSync(path.join(dir, '006-auth-client-hash.yaml'), data['client_secret_hash.yaml']);
      fs.writeFileSync(path.join(dir, 'client_secret'), data.client_secret);
      // Flyte's loader decodes client_secret from base64 (a []byte); fosite's bcrypt check passes.
      expect(checkClientSecret(dir, 'prop-client', path.join(dir, 'client_secret'))).toEqual({ ok: true, message: 'ok' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('propeller\'s token endpoint, as Flyte reads the configuration', () => {
  const read = (props: Partial<FlyteAuthProps>) => {
    const { auth } = make(props);
    return flyteReads(flyteConfigFiles({
      fullName: 'rel-z-flyte-binary', coPilotImage: 'r/c:1', database: { host: 'h', port: 5432, name: 'n', username: 'u', options: 'sslmode=require' },
      storage: { region: 'eu-west-1', metadataBucket: 'm-b', userDataBucket: 'u-b' }, auth: { configFile: auth.configFile, adminClient: auth.adminClient },
    }));
  };

  test('with the internal server: its own process, on the HTTP port Flyte serves, at flyteadmin\'s token path', () => {
    const config = read({});
    expect(config.auth.appAuth.authServerType).toBe('Self');
    // flyteadmin v1.16.8 auth/authzserver/metadata.go serves tokens at /oauth2/token on server.httpPort.
    expect(config.admin.tokenUrl).toBe(`http://localhost:${config.server.httpPort}/oauth2/token`);
    expect(config.admin.tokenUrl).toBe(INTERNAL_TOKEN_URL);
  });

  test('with an external server: discovered from Flyte\'s metadata, which its own process serves (admin.endpoint)', () => {
    const config = read({ authorizationServer: { type: 'external', issuer: 'https://login.z.example/oauth2/aus1' } });
    expect(config.auth.appAuth.authServerType).toBe('External');
    expect(config.admin.tokenUrl).toBe('');
    expect(config.admin.endpoint).toBe(`localhost:${config.server.grpc.port}`);
    expect(config.auth.appAuth.externalAuthServer.baseUrl).toBe('https://login.z.example/oauth2/aus1');
  });
});

describe('FlyteAuth validation', () => {
  test.each([
    ['an http issuer', { oidc: { issuer: 'http://idp.example.com', clientId: 'c', clientSecret: { name: 'o' } } }, 'c/Auth: oidc.issuer: "http://idp.example.com" is not allowed'],
    ['an external server without issuer', { authorizationServer: { type: 'external' } }, 'c/Auth: authorizationServer.issuer: undefined is not allowed'],
    ['an audience with the internal server', { authorizationServer: { audience: 'a' } }, 'c/Auth: authorizationServer: issuer and audience are not allowed with the internal server'],
    ['a synced internal secret without its hash', { internalClient: { clientSecret: { name: 'p', externalSecret: { storeName: 's', remoteKey: 'k' } } } }, 'c/Auth: internalClient.clientSecret.hashProperty: undefined is not allowed'],
    ['one synced Secret for both clients', { oidc: { issuer: 'https://i.example.com', clientId: 'c', clientSecret: { name: 'same', externalSecret: { storeName: 's', remoteKey: 'k' } } }, internalClient: { clientSecret: { name: 'same' } } }, 'c/Auth: internalClient.clientSecret.name: "same" is not allowed'],
    ['a scope with a space', { cliClient: { scopes: ['a b'] } }, 'c/Auth: cliClient.scopes: "a b" is not allowed'],
  ] as Array<[string, Partial<FlyteAuthProps>, string]>)('refuses %s', (_what, props, message) => {
    expect(() => make(props)).toThrow(message);
  });
});

describe('FlyteAuth as a part of a pod', () => {
  test('its volumes in the pod\'s order: /etc/secrets, the sources, the generated keys (in memory)', () => {
    const { auth } = make();
    expect(auth.volumes.map((v) => v.name)).toEqual(['auth', 'auth-sources', 'admin-auth-init']);
    expect(auth.volumes[0]).toBe(auth.mount.volume);
    expect(auth.volumes[1].toKube()).toEqual(auth.sourcesVolume);
    expect(auth.volumes[2].toKube()).toEqual({ name: 'admin-auth-init', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } });
  });

  test('the init container mounts the config, the generated keys, the sources read-only and /etc/secrets to fill, with the script and its folders', () => {
    const { auth } = make();
    const config = { path: '/etc/flyte/config.d', volume: auth.volumes[0] };
    const resources = { limits: { cpu: k8s.Quantity.fromString('7') } };
    const c = auth.initContainer({ image: 'r.z.example/flyte:9', resources, securityContext: { runAsUser: 4242 }, config });
    const kube = c.toKube();
    expect([kube.name, kube.image, kube.resources, kube.securityContext]).toEqual(['gen-admin-auth-secret', 'r.z.example/flyte:9', resources, { runAsUser: 4242 }]);
    expect(kube.args).toEqual([auth.initScript]);
    expect(kube.env).toEqual([{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }, ...auth.initEnv]);
    expect(c.mounts.map((m) => [m.path, m.volume.name, m.readOnly])).toEqual([
      ['/etc/flyte/config.d', 'auth', undefined],
      ['/tmp/admin-auth-secret', 'admin-auth-init', undefined],
      ['/etc/flyte-auth-sources', 'auth-sources', true],
      ['/etc/secrets', 'auth', undefined],
    ]);
    expect(kube.volumeMounts!.slice(2)).toEqual(auth.initMounts);
  });
});
