import { Construct, IConstruct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { DNS_LABEL, DNS_SUBDOMAIN, HTTPS_URL, OAUTH_ID, OAUTH_SCOPE, REDIRECT_URI, SECRET_KEY } from '../config/formats';
import { toYaml } from '../synth/yaml';
import { FLYTE_PATHS, FLYTE_PORTS } from './flyte-config';
import { ReferencedSecret, SecretSyncProps } from './referenced-secret';
import { PodContainer, PodMount } from './pod/container';
import { PodVolume } from './pod/volume';
import { assertProp, propsError } from './errors';

/** File names under /etc/secrets: the names Flyte's secret manager looks up (flyteadmin/auth/config). */
export const AUTH_SECRET_FILES = {
  oidcClientSecret: 'oidc_client_secret',
  internalClientSecret: 'client_secret',
} as const;

/** Keys Flyte generates into the `<fullName>-admin-auth` Secret (`flyte secrets init`). */
export const GENERATED_AUTH_KEYS = ['claim_symmetric_key', 'cookie_block_key', 'cookie_hash_key', 'token_rsa_key.pem'] as const;

/** The internal authorization server's token endpoint, on the binary's own HTTP port. */
export const INTERNAL_TOKEN_URL = `http://localhost:${FLYTE_PORTS.http}/oauth2/token`;

/** Configuration file, in the config folder, that the internal client's Secret supplies (the bcrypt hash). */
export const AUTH_HASH_CONFIG_FILE = '006-auth-client-hash.yaml';

export interface AuthSecretReference {
  /** Name of the Secret in the release namespace. */
  readonly name: string;
  /** @default 'client_secret' */
  readonly key?: string;
  /**
   * Sync it from AWS Secrets Manager; `property` names the JSON property of the value.
   * @default - an operator creates the Secret
   */
  readonly externalSecret?: SecretSyncProps & { readonly property?: string };
}

export interface InternalClientSecretReference extends AuthSecretReference {
  /**
   * Key of a Flyte configuration file that sets the client's bcrypt hash (internal server only).
   * @default 'client_secret_hash.yaml'
   */
  readonly hashKey?: string;
  /**
   * JSON property holding the bcrypt hash, when synced; the ExternalSecret writes the file.
   * @default - none (required when synced with the internal server)
   */
  readonly hashProperty?: string;
}

export interface FlyteAuthProps {
  /** `<release>-flyte-binary`. */
  readonly fullName: string;
  readonly namespace: string;
  /** In-cluster URLs of the HTTP Service, added to `authorizedUris`. */
  readonly serviceUris: readonly string[];
  readonly oidc: { readonly issuer: string; readonly clientId: string; readonly clientSecret: AuthSecretReference };
  /** @default - Flyte's internal authorization server */
  readonly authorizationServer?: {
    /** @default 'internal' */
    readonly type?: 'internal' | 'external';
    /** Required with type 'external'. @default - none */
    readonly issuer?: string;
    /** @default - none: the external server's tokens must name Flyte's public URL */
    readonly audience?: string;
  };
  readonly internalClient: {
    /** @default 'flytepropeller' */
    readonly clientId?: string;
    readonly clientSecret: InternalClientSecretReference;
    /** @default - the scopes Flyte advertises */
    readonly scopes?: readonly string[];
  };
  /** Public URLs of Flyte. @default - none (only the in-cluster URLs) */
  readonly authorizedUris?: readonly string[];
  /** @default - flytectl, http://localhost:53593/callback, scope all */
  readonly cliClient?: {
    /** @default 'flytectl' */
    readonly clientId?: string;
    /** @default 'http://localhost:53593/callback' */
    readonly redirectUri?: string;
    /** @default ['all'] */
    readonly scopes?: readonly string[];
    /** @default - none */
    readonly audience?: string;
  };
  /** @default - none */
  readonly labels?: Record<string, string>;
}

/** Command-line clients of Flyte's internal server: public (PKCE), loopback callbacks, as upstream. */
function publicClient(id: string): Record<string, unknown> {
  return {
    grant_types: ['refresh_token', 'authorization_code'],
    id,
    public: true,
    redirect_uris: ['http://localhost:53593/callback', 'http://localhost:12345/callback'],
    response_types: ['code', 'token'],
    scopes: ['all', 'offline', 'access_token'],
  };
}

/** Options of the init container that generates the authorization server's keys. */
export interface AuthInitContainerOptions {
  /** The Flyte binary's image (its `flyte secrets` commands). */
  readonly image: string;
  readonly resources: k8s.ResourceRequirements;
  readonly securityContext: k8s.SecurityContext;
  /** The Flyte configuration folder, as the Flyte container mounts it. */
  readonly config: PodMount;
}

/**
 * Flyte's authentication: OIDC sign-in, the internal or an external authorization server, the
 * internal client of propeller and what the command-line tools are told. Renders the config
 * file, the (empty) Secret Flyte fills with its generated keys, and ExternalSecrets for synced
 * client secrets; the client secrets themselves are only referenced by name. Hands out the parts
 * of the pod: the `/etc/secrets` mount of the Flyte container and the init container that fills it.
 */
export class FlyteAuth extends Construct {
  /** The configuration file `005-auth.yaml`. */
  public readonly configFile: string;
  /** Keys of the `admin` section (propeller's client). */
  public readonly adminClient: Record<string, unknown>;
  /** The Secret Flyte's init container fills with its generated keys. */
  public readonly generatedSecretName: string;
  public readonly oidcSecret: ReferencedSecret;
  public readonly internalSecret: ReferencedSecret;
  public readonly internalServer: boolean;
  /** Secrets an operator creates, with the keys that must be non-empty (deploy.sh checks them). */
  public readonly requiredSecrets: ReadonlyArray<{ readonly name: string; readonly key: string; readonly what: string; readonly hashFor?: string }>;
  /** `/etc/secrets`, read-only, carrying its volume: what the Flyte container mounts. */
  public readonly mount: PodMount;
  private readonly oidcKey: string;
  private readonly internalKey: string;
  private readonly hashKey: string;
  private readonly sources: PodVolume;
  /** The generated keys exist in memory only until the init container stored them. */
  private readonly generated = PodVolume.emptyDir('admin-auth-init', { medium: 'Memory', sizeLimit: '1Mi' });

  constructor(scope: Construct, id: string, props: FlyteAuthProps) {
    super(scope, id);
    validate(this, props);
    this.internalServer = (props.authorizationServer?.type ?? 'internal') === 'internal';
    const clientId = props.internalClient.clientId ?? 'flytepropeller';
    this.oidcKey = props.oidc.clientSecret.key ?? 'client_secret';
    this.internalKey = props.internalClient.clientSecret.key ?? 'client_secret';
    this.hashKey = props.internalClient.clientSecret.hashKey ?? 'client_secret_hash.yaml';
    this.generatedSecretName = `${props.fullName}-admin-auth`;

    // Empty, like upstream: Flyte's init container adds the keys it generates and never replaces them.
    new k8s.KubeSecret(this, 'GeneratedKeys', {
      metadata: { name: this.generatedSecretName, namespace: props.namespace, labels: props.labels },
      type: 'Opaque',
    });
    this.oidcSecret = new ReferencedSecret(this, 'OidcClientSecret', {
      secretName: props.oidc.clientSecret.name,
      namespace: props.namespace,
      keys: [{ key: this.oidcKey, property: props.oidc.clientSecret.externalSecret?.property }],
      sync: props.oidc.clientSecret.externalSecret,
      labels: props.labels,
    });
    this.internalSecret = this.internalClientSecret(props, clientId);
    this.requiredSecrets = this.secretsToCheck(props, clientId);
    this.adminClient = adminClientKeys(props, clientId, this.internalServer);
    this.configFile = authConfigFile(props, clientId, this.internalServer);
    this.mount = { path: FLYTE_PATHS.authSecrets, volume: PodVolume.emptyDir('auth', { medium: 'Memory', sizeLimit: '1Mi' }), readOnly: true };
    // The auth Secrets the init container copies from: the generated keys and the two client secrets, group-readable only.
    this.sources = PodVolume.projected('auth-sources', [
      { secret: { name: this.generatedSecretName } },
      { secret: { name: this.oidcSecret.secretName, items: [{ key: this.oidcKey, path: AUTH_SECRET_FILES.oidcClientSecret }] } },
      { secret: { name: this.internalSecret.secretName, items: [{ key: this.internalKey, path: AUTH_SECRET_FILES.internalClientSecret }] } },
    ], { defaultMode: 0o440 });
  }

  /**
   * The volumes of the pod, in the order the pod lists them: `/etc/secrets`, where Flyte's secret
   * manager reads every auth secret (`secrets.secrets-prefix`,
   * flytepropeller/pkg/controller/nodes/task/secretmanager, v1.16.8), an in-memory folder the init
   * container fills; the Secrets it copies from; and the keys it generates. Not the Secrets
   * themselves for `/etc/secrets`: a Secret volume holds what the Secret held when the pod
   * started, and on the first start the generated keys did not exist yet ("secrets not found -
   * file [/etc/secrets/claim_symmetric_key]" until the kubelet refreshed the volume).
   */
  public get volumes(): readonly PodVolume[] {
    return [this.mount.volume, this.sources, this.generated];
  }

  /**
   * The init container that generates the authorization server's keys into the Secret once (as
   * upstream's gen-admin-auth-secret; keys already there are kept) and fills `/etc/secrets`.
   */
  public initContainer(options: AuthInitContainerOptions): PodContainer {
    const container = new PodContainer({
      name: 'gen-admin-auth-secret',
      image: options.image,
      imagePullPolicy: 'IfNotPresent',
      command: ['sh', '-ec'],
      args: [this.initScript],
      env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }, ...this.initEnv],
      resources: options.resources,
      securityContext: options.securityContext,
    });
    container.addMount(options.config);
    container.mount(FLYTE_PATHS.authInit, this.generated);
    container.mount(FLYTE_PATHS.authSources, this.sources, { readOnly: true });
    container.mount(FLYTE_PATHS.authSecrets, this.mount.volume);
    return container;
  }

  /** The rendered `/etc/secrets` volume (`mount` carries it). */
  public get volume(): k8s.Volume {
    return this.mount.volume.toKube();
  }

  /** The rendered `/etc/secrets` mount of the Flyte container. */
  public get volumeMount(): k8s.VolumeMount {
    return { name: this.mount.volume.name, mountPath: this.mount.path, readOnly: true };
  }

  /** The rendered volume of the auth Secrets the init container copies from. */
  public get sourcesVolume(): k8s.Volume {
    return this.sources.toKube();
  }

  /** The init container's mounts of the auth parts, rendered: the sources read-only, `/etc/secrets` to fill. */
  public get initMounts(): k8s.VolumeMount[] {
    return [
      { name: this.sources.name, mountPath: FLYTE_PATHS.authSources, readOnly: true },
      { name: this.mount.volume.name, mountPath: FLYTE_PATHS.authSecrets },
    ];
  }

  /** Folders of the init script, as variables: the same script runs in tests with folders of their own. */
  public get initEnv(): k8s.EnvVar[] {
    return [
      { name: 'AUTH_GENERATED', value: FLYTE_PATHS.authInit },
      { name: 'AUTH_SOURCES', value: FLYTE_PATHS.authSources },
      { name: 'AUTH_SECRETS', value: FLYTE_PATHS.authSecrets },
    ];
  }

  /** With the internal server: the hash file, added to the projected config folder. */
  public get configSources(): k8s.VolumeProjection[] {
    if (!this.internalServer) return [];
    return [{ secret: { name: this.internalSecret.secretName, items: [{ key: this.hashKey, path: AUTH_HASH_CONFIG_FILE, mode: 0o440 }] } }];
  }

  /**
   * Shell script of the init container (POSIX sh). It generates the server's keys and stores the ones
   * the Secret lacks, as upstream's gen-admin-auth-secret (`flyte secrets create` adds missing keys
   * and keeps existing ones: flyteadmin/auth/create_secrets.go, v1.16.8). Then it fills
   * `/etc/secrets` with what the Secret now holds: a key the Secret had when the pod started is in
   * the mounted sources; any other is the one just generated and stored. So the first start needs no
   * restart, and later starts keep the keys already issued tokens and cookies depend on.
   */
  public get initScript(): string {
    const config = `--config='${FLYTE_PATHS.config}/*.yaml'`;
    return [
      `flyte ${config} secrets init --localPath "$AUTH_GENERATED"`,
      `flyte ${config} secrets create --name ${this.generatedSecretName} --fromPath "$AUTH_GENERATED"`,
      `for key in ${GENERATED_AUTH_KEYS.join(' ')}; do`,
      '  if [ -s "$AUTH_SOURCES/$key" ]; then from=$AUTH_SOURCES; else from=$AUTH_GENERATED; fi',
      // A file of an earlier run of this pod is read-only: replace it, never write into it.
      '  rm -f "$AUTH_SECRETS/$key"',
      '  cat "$from/$key" >"$AUTH_SECRETS/$key"',
      'done',
      `for file in ${AUTH_SECRET_FILES.oidcClientSecret} ${AUTH_SECRET_FILES.internalClientSecret}; do`,
      '  rm -f "$AUTH_SECRETS/$file"',
      '  cat "$AUTH_SOURCES/$file" >"$AUTH_SECRETS/$file"',
      'done',
      'chmod 0440 "$AUTH_SECRETS"/*',
      '',
    ].join('\n');
  }

  /** The internal client's Secret: its secret and, with the internal server, the hash file Flyte loads. */
  private internalClientSecret(props: FlyteAuthProps, clientId: string): ReferencedSecret {
    const ref = props.internalClient.clientSecret;
    const hashFile = (hash: string) => toYaml({ auth: { appAuth: { selfAuthServer: { staticClients: { [clientId]: { client_secret: hash } } } } } });
    return new ReferencedSecret(this, 'InternalClientSecret', {
      secretName: ref.name,
      namespace: props.namespace,
      keys: [
        { key: this.internalKey, property: ref.externalSecret?.property },
        // The ExternalSecret wraps the bare hash into the configuration file Flyte loads,
        // base64-encoded (b64enc): Flyte decodes client_secret, a []byte, from base64.
        ...(this.internalServer
          ? [{ key: this.hashKey, property: ref.hashProperty, template: ref.externalSecret ? hashFile('{{ .value | b64enc }}') : undefined }]
          : []),
      ],
      sync: ref.externalSecret,
      labels: props.labels,
    });
  }

  /** The Secrets an operator creates (the synced ones cannot be checked before the install). */
  private secretsToCheck(props: FlyteAuthProps, clientId: string): FlyteAuth['requiredSecrets'] {
    const oidcName = props.oidc.clientSecret.name;
    const internalName = props.internalClient.clientSecret.name;
    return [
      ...(this.oidcSecret.synced ? [] : [{ name: oidcName, key: this.oidcKey, what: 'OIDC client secret' }]),
      ...(this.internalSecret.synced
        ? []
        : [
          { name: internalName, key: this.internalKey, what: 'internal client secret' },
          ...(this.internalServer ? [{ name: internalName, key: this.hashKey, what: 'internal client secret hash (a Flyte configuration file)', hashFor: clientId }] : []),
        ]),
    ];
  }
}

/** Keys of the `admin` section: how propeller gets its tokens. */
function adminClientKeys(props: FlyteAuthProps, clientId: string, internalServer: boolean): Record<string, unknown> {
  const server = props.authorizationServer;
  return {
    authType: 'ClientSecret',
    clientId,
    clientSecretLocation: `${FLYTE_PATHS.authSecrets}/${AUTH_SECRET_FILES.internalClientSecret}`,
    // The internal server answers on this process's own HTTP port (flyteadmin v1.16.8
    // auth/authzserver/metadata.go: "/oauth2/token"). Without it propeller asks the first
    // authorized URI (the public URL, through the proxy). An external server's token endpoint
    // comes from its metadata, which propeller fetches from this process (admin.endpoint).
    ...(internalServer ? { tokenUrl: INTERNAL_TOKEN_URL } : {}),
    ...(props.internalClient.scopes ? { scopes: [...props.internalClient.scopes] } : {}),
    ...(!internalServer && server?.audience ? { audience: server.audience } : {}),
  };
}

/** The configuration file `005-auth.yaml`: the authorization server, the clients, OIDC sign-in. */
function authConfigFile(props: FlyteAuthProps, clientId: string, internalServer: boolean): string {
  const server = props.authorizationServer;
  const cli = props.cliClient;
  return toYaml({
    auth: {
      appAuth: {
        authServerType: internalServer ? 'Self' : 'External',
        ...(internalServer ? { selfAuthServer: { staticClients: staticClients(clientId) } } : {
          externalAuthServer: {
            baseUrl: server!.issuer!,
            ...(server?.audience ? { allowedAudience: [server.audience] } : {}),
          },
        }),
        thirdPartyConfig: {
          flyteClient: {
            clientId: cli?.clientId ?? 'flytectl',
            redirectUri: cli?.redirectUri ?? 'http://localhost:53593/callback',
            scopes: [...(cli?.scopes ?? ['all'])],
            ...(cli?.audience ? { audience: cli.audience } : {}),
          },
        },
      },
      authorizedUris: [...(props.authorizedUris ?? []), ...props.serviceUris],
      userAuth: {
        openId: {
          baseUrl: props.oidc.issuer,
          clientId: props.oidc.clientId,
          clientSecretName: AUTH_SECRET_FILES.oidcClientSecret,
          scopes: ['profile', 'openid'],
        },
      },
    },
    server: { security: { useAuth: true } },
  });
}

/** The internal server's clients: propeller (its hash comes from the Secret-backed file AUTH_HASH_CONFIG_FILE) and the command-line tools. */
function staticClients(clientId: string): Record<string, unknown> {
  return {
    [clientId]: {
      grant_types: ['refresh_token', 'client_credentials'],
      id: clientId,
      response_types: ['token'],
      scopes: ['all', 'offline', 'access_token'],
    },
    'flyte-cli': publicClient('flyte-cli'),
    flytectl: publicClient('flytectl'),
  };
}

function validate(scope: IConstruct, props: FlyteAuthProps): void {
  assertProp(scope, 'fullName', props.fullName, DNS_SUBDOMAIN);
  assertProp(scope, 'namespace', props.namespace, DNS_LABEL);
  assertProp(scope, 'oidc.issuer', props.oidc.issuer, HTTPS_URL);
  assertProp(scope, 'oidc.clientId', props.oidc.clientId, OAUTH_ID);
  const server = props.authorizationServer;
  if ((server?.type ?? 'internal') === 'external') {
    if (server?.issuer === undefined) throw propsError(scope, 'authorizationServer.issuer', 'undefined is not allowed; expected the base URL of the external authorization server');
    assertProp(scope, 'authorizationServer.issuer', server.issuer, HTTPS_URL);
    if (props.internalClient.clientSecret.hashProperty !== undefined) {
      throw propsError(scope, 'internalClient.clientSecret.hashProperty', 'not allowed with an external authorization server (only the internal server checks the hash)');
    }
  } else {
    if (server?.issuer !== undefined || server?.audience !== undefined) {
      throw propsError(scope, 'authorizationServer', 'issuer and audience are not allowed with the internal server; expected type "external"');
    }
    if (props.internalClient.clientSecret.externalSecret && props.internalClient.clientSecret.hashProperty === undefined) {
      throw propsError(scope, 'internalClient.clientSecret.hashProperty', 'undefined is not allowed; expected the JSON property of the bcrypt hash when the secret is synced for the internal server');
    }
  }
  if (server?.audience !== undefined) assertProp(scope, 'authorizationServer.audience', server.audience, OAUTH_ID);
  if (props.internalClient.clientId !== undefined) assertProp(scope, 'internalClient.clientId', props.internalClient.clientId, OAUTH_ID);
  for (const s of props.internalClient.scopes ?? []) assertProp(scope, 'internalClient.scopes', s, OAUTH_SCOPE);
  for (const u of props.authorizedUris ?? []) assertProp(scope, 'authorizedUris', u, REDIRECT_URI);
  for (const u of props.serviceUris) assertProp(scope, 'serviceUris', u, REDIRECT_URI);
  for (const ref of [props.oidc.clientSecret, props.internalClient.clientSecret]) {
    if (ref.key !== undefined) assertProp(scope, 'clientSecret.key', ref.key, SECRET_KEY);
  }
  const hashKey = props.internalClient.clientSecret.hashKey;
  if (hashKey !== undefined) assertProp(scope, 'internalClient.clientSecret.hashKey', hashKey, SECRET_KEY);
  const cli = props.cliClient;
  if (cli?.clientId !== undefined) assertProp(scope, 'cliClient.clientId', cli.clientId, OAUTH_ID);
  if (cli?.redirectUri !== undefined) assertProp(scope, 'cliClient.redirectUri', cli.redirectUri, REDIRECT_URI);
  if (cli?.audience !== undefined) assertProp(scope, 'cliClient.audience', cli.audience, OAUTH_ID);
  for (const s of cli?.scopes ?? []) assertProp(scope, 'cliClient.scopes', s, OAUTH_SCOPE);
  const oidc = props.oidc.clientSecret;
  const internal = props.internalClient.clientSecret;
  if (oidc.name === internal.name && (oidc.externalSecret || internal.externalSecret)) {
    throw propsError(scope, 'internalClient.clientSecret.name', `${JSON.stringify(internal.name)} is not allowed; expected a name other than the OIDC client secret's when either is synced (two ExternalSecrets cannot own one Secret)`);
  }
}
