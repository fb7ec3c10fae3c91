import type { z } from 'zod/mini';
import { _default, array, minLength, optional, enum as zEnum } from 'zod/mini';
import * as f from '../formats';
import type { RuleIssue } from '../task-rules';
import { described, obj, str } from './fields';
import { externalSecretSource, jsonProperty, secretSource, secretSourceIssues, withSourceRule } from './secret-source';

const oidcClientSecret = withSourceRule(
  obj(
    {
      name: str(f.DNS_SUBDOMAIN, 'Name of the Secret, in the release namespace, that holds the OIDC client secret of the Flyte application. Created by an operator or by the ExternalSecret below; never by this chart.'),
      key: _default(str(f.SECRET_KEY, 'Key of the client secret in that Secret; mounted read-only as /etc/secrets/oidc_client_secret.'), 'client_secret'),
      source: secretSource(),
      externalSecret: optional(externalSecretSource('the OIDC client secret')),
    },
    'The OIDC client secret. Only a reference is stored; the value never appears in Git or in the rendered output.',
  ),
);

const internalClientSecret = withSourceRule(
  obj(
    {
      name: str(f.DNS_SUBDOMAIN, 'Name of the Secret, in the release namespace, that holds the internal client\'s secret (and, with the internal authorization server, its bcrypt hash). Created by an operator or by the ExternalSecret below.'),
      key: _default(str(f.SECRET_KEY, 'Key of the plain client secret; mounted read-only as /etc/secrets/client_secret, where propeller reads it.'), 'client_secret'),
      hashKey: _default(
        str(f.SECRET_KEY, 'Key of a Flyte configuration file that sets the bcrypt hash of the client secret for the internal authorization server (auth.appAuth.selfAuthServer.staticClients.<clientId>.client_secret); loaded with the configuration. Unused with an external server.'),
        'client_secret_hash.yaml',
      ),
      source: secretSource(),
      externalSecret: optional(
        externalSecretSource('the plain client secret', {
          hashProperty: described(
            optional(jsonProperty()),
            'JSON property of the same secret that holds the bcrypt hash (internal authorization server); the ExternalSecret wraps it into the configuration file under hashKey.',
          ),
        }),
      ),
    },
    'The secret of the internal client propeller authenticates with. Only a reference is stored.',
  ),
);

const authSettings = obj(
  {
    oidc: obj(
      {
        issuer: str(f.HTTPS_URL, 'OpenID Connect issuer that signs users in (Okta, Entra ID, Keycloak...): Flyte\'s auth.userAuth.openId.baseUrl.'),
        clientId: str(f.OAUTH_ID, 'Client id of the Flyte application registered at the identity provider.'),
        clientSecret: oidcClientSecret,
      },
      'OpenID Connect sign-in of users (console and command-line tools).',
    ),
    authorizationServer: optional(
      obj(
        {
          type: described(
            _default(zEnum(['internal', 'external'], { error: 'expected "internal" (Flyte issues its own tokens) or "external" (an OAuth2 server of the identity provider)' }), 'internal'),
            'Which server issues the access tokens of the API: Flyte\'s own ("internal", default) or the identity provider\'s ("external").',
          ),
          issuer: optional(str(f.HTTPS_URL, 'Base URL of the external OAuth2 authorization server (auth.appAuth.externalAuthServer.baseUrl); required with type "external".')),
          audience: optional(str(f.OAUTH_ID, 'Audience the external server puts in tokens for Flyte (allowedAudience, and the audience propeller asks for).')),
        },
        'The OAuth2 authorization server of the API.',
      ),
    ),
    internalClient: obj(
      {
        clientId: _default(str(f.OAUTH_ID, 'Client id propeller authenticates with (admin.clientId).'), 'flytepropeller'),
        clientSecret: internalClientSecret,
        scopes: described(
          optional(array(str(f.OAUTH_SCOPE, 'Scope.'), { error: 'expected a list of scopes' }).check(minLength(1, { error: 'expected at least one scope' }))),
          'Scopes propeller asks for (admin.scopes); omit to use the ones Flyte advertises.',
        ),
      },
      'The internal client of propeller, which calls the API with the client-credentials flow.',
    ),
    authorizedUris: described(
      _default(array(str(f.REDIRECT_URI, 'URL.'), { error: 'expected a list of URLs' }), []),
      'Public URLs users reach Flyte on (for example "https://flyte.example.com"); the in-cluster Service URLs are added.',
    ),
    cliClient: optional(
      obj(
        {
          clientId: _default(str(f.OAUTH_ID, 'Client id flytectl and pyflyte sign in with (PKCE).'), 'flytectl'),
          redirectUri: _default(str(f.REDIRECT_URI, 'Loopback URL the command-line tools listen on for the sign-in callback.'), 'http://localhost:53593/callback'),
          scopes: described(
            _default(array(str(f.OAUTH_SCOPE, 'Scope.'), { error: 'expected a list of scopes' }).check(minLength(1, { error: 'expected at least one scope' })), ['all']),
            'Scopes the command-line tools ask for.',
          ),
          audience: optional(str(f.OAUTH_ID, 'Audience the command-line tools ask for (external servers that require one).')),
        },
        'What Flyte tells flytectl and pyflyte to sign in with (auth.appAuth.thirdPartyConfig.flyteClient).',
      ),
    ),
  },
  'Authentication: users sign in with OpenID Connect, the API requires tokens (server.security.useAuth).',
);

export const auth = optional(authSettings);

/** The parts of an environment the auth rules read. */
export interface AuthRuleSettings {
  readonly release: string;
  readonly database: { readonly passwordSecret: { readonly name: string; readonly source: string } };
  readonly auth?: z.output<typeof auth>;
}

/**
 * The client secrets' sources agree with their blocks; the two clients and the database never
 * share a synced Secret or a key, nor take the Secret Flyte generates; the authorization server
 * type agrees with its issuer, audience and hash.
 */
export function authIssues(env: AuthRuleSettings): RuleIssue[] {
  const settings = env.auth;
  if (!settings) return [];
  const refs = [
    { path: ['auth', 'oidc', 'clientSecret'], ref: settings.oidc.clientSecret },
    { path: ['auth', 'internalClient', 'clientSecret'], ref: settings.internalClient.clientSecret },
  ];
  return [...refs.flatMap(({ path, ref }) => secretSourceIssues(path, ref)), ...secretNameIssues(env, refs), ...serverIssues(settings)];
}

function secretNameIssues(env: AuthRuleSettings, refs: ReadonlyArray<{ path: string[]; ref: { readonly name: string; readonly key: string; readonly source: string } }>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const [oidc, internal] = refs.map((r) => r.ref);
  if (oidc.name === internal.name && (oidc.source === 'externalSecret' || internal.source === 'externalSecret')) {
    issues.push({ path: ['auth', 'internalClient', 'clientSecret', 'name'], input: internal.name, message: 'expected a name other than auth.oidc.clientSecret.name: two ExternalSecrets cannot own one Secret' });
  }
  if (oidc.name === internal.name && oidc.key === internal.key) {
    issues.push({ path: ['auth', 'internalClient', 'clientSecret', 'key'], input: internal.key, message: 'expected a key other than auth.oidc.clientSecret.key in the same Secret (the two clients have different secrets)' });
  }
  const generated = `${env.release}-flyte-binary-admin-auth`;
  const database = env.database.passwordSecret;
  for (const { path, ref } of refs) {
    if (ref.name === generated) {
      issues.push({ path: [...path, 'name'], input: ref.name, message: `expected a name other than "${generated}" (Flyte keeps its generated keys in that Secret)` });
    }
    if (ref.name === database.name && (ref.source === 'externalSecret' || database.source === 'externalSecret')) {
      issues.push({ path: [...path, 'name'], input: ref.name, message: 'expected a name other than database.passwordSecret.name when either is synced (two ExternalSecrets cannot own one Secret)' });
    }
  }
  return issues;
}

function serverIssues(settings: NonNullable<z.output<typeof auth>>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const internal = settings.internalClient.clientSecret;
  const server = settings.authorizationServer;
  const external = server?.type === 'external';
  if (external && server?.issuer === undefined) {
    issues.push({ path: ['auth', 'authorizationServer', 'issuer'], input: undefined, message: 'expected the base URL of the external authorization server when type is "external"' });
  }
  if (!external && (server?.issuer !== undefined || server?.audience !== undefined)) {
    issues.push({ path: ['auth', 'authorizationServer', 'type'], input: server?.type ?? 'internal', message: 'expected "external" when issuer or audience is given (the internal server takes neither)' });
  }
  if (external && internal.externalSecret?.hashProperty !== undefined) {
    issues.push({ path: ['auth', 'internalClient', 'clientSecret', 'externalSecret', 'hashProperty'], input: internal.externalSecret.hashProperty, message: 'expected no hash with an external authorization server (only the internal server checks it)' });
  }
  if (!external && internal.source === 'externalSecret' && internal.externalSecret && internal.externalSecret.hashProperty === undefined) {
    issues.push({ path: ['auth', 'internalClient', 'clientSecret', 'externalSecret', 'hashProperty'], input: undefined, message: 'expected the JSON property that holds the bcrypt hash (the internal authorization server checks the client secret against it)' });
  }
  return issues;
}
