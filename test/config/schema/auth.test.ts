import * as f from '../../../src/config/formats';
import { environmentSchema } from '../../../src/config/schema';
import { messageOf, validInput } from '../../helpers';

const clone = <T>(v: T): any => JSON.parse(JSON.stringify(v));

describe('auth', () => {
  const withAuth = (auth: Record<string, unknown>) => ({ ...clone(validInput()), auth });
  const base = () => ({
    oidc: { issuer: 'https://login.a.example/oauth2/default', clientId: '0oa-a', clientSecret: { name: 'oidc-a' } },
    internalClient: { clientSecret: { name: 'prop-a' } },
  });

  test('defaults: keys client_secret, hash file client_secret_hash.yaml, client flytepropeller, no extra URIs', () => {
    const spec = environmentSchema.parse(withAuth(base()));
    expect(spec.auth!.oidc.clientSecret).toEqual({ name: 'oidc-a', key: 'client_secret', source: 'existingSecret' });
    expect(spec.auth!.internalClient).toEqual({ clientId: 'flytepropeller', clientSecret: { name: 'prop-a', key: 'client_secret', hashKey: 'client_secret_hash.yaml', source: 'existingSecret' } });
    expect(spec.auth!.authorizedUris).toEqual([]);
  });

  test.each([
    ['an http issuer', (a: any) => { a.oidc.issuer = 'http://login.a.example'; }, `auth.oidc.issuer: "http://login.a.example" is not allowed; expected ${f.HTTPS_URL.allowed}`],
    ['an issuer with a user', (a: any) => { a.oidc.issuer = 'https://u:p@login.a.example'; }, `auth.oidc.issuer: "https://u:p@login.a.example" is not allowed; expected ${f.HTTPS_URL.allowed}`],
    ['a client secret typed in', (a: any) => { a.oidc.clientSecret = 's3cr3t'; }, 'auth.oidc.clientSecret: "s3cr3t" is not allowed; expected a map'],
    ['an unknown key', (a: any) => { a.oidc.secret = 'x'; }, 'auth.oidc.secret: unknown key; allowed keys here: issuer, clientId, clientSecret'],
    ['an external server without issuer', (a: any) => { a.authorizationServer = { type: 'external' }; }, 'auth.authorizationServer.issuer: is missing; expected the base URL of the external authorization server when type is "external"'],
    ['an audience for the internal server', (a: any) => { a.authorizationServer = { audience: 'api://a' }; }, 'auth.authorizationServer.type: "internal" is not allowed; expected "external" when issuer or audience is given (the internal server takes neither)'],
    ['a synced secret without its store', (a: any) => { a.oidc.clientSecret.source = 'externalSecret'; }, 'auth.oidc.clientSecret.externalSecret: is missing; expected storeName, remoteKey (and optionally storeKind, property, refreshInterval) when source is "externalSecret"'],
    ['a synced internal secret without its hash', (a: any) => { a.internalClient.clientSecret = { name: 'prop-a', source: 'externalSecret', externalSecret: { storeName: 's', remoteKey: 'k' } }; }, 'auth.internalClient.clientSecret.externalSecret.hashProperty: is missing; expected the JSON property that holds the bcrypt hash (the internal authorization server checks the client secret against it)'],
    ['the same key for both clients', (a: any) => { a.internalClient.clientSecret.name = 'oidc-a'; }, 'auth.internalClient.clientSecret.key: "client_secret" is not allowed; expected a key other than auth.oidc.clientSecret.key in the same Secret (the two clients have different secrets)'],
    ['the generated Secret\'s name', (a: any) => { a.oidc.clientSecret.name = 'rel-a-flyte-binary-admin-auth'; }, 'auth.oidc.clientSecret.name: "rel-a-flyte-binary-admin-auth" is not allowed; expected a name other than "rel-a-flyte-binary-admin-auth" (Flyte keeps its generated keys in that Secret)'],
    ['a synced Secret named like the database\'s', (a: any) => { a.oidc.clientSecret = { name: 'secret-a', source: 'externalSecret', externalSecret: { storeName: 's', remoteKey: 'k' } }; }, 'auth.oidc.clientSecret.name: "secret-a" is not allowed; expected a name other than database.passwordSecret.name when either is synced (two ExternalSecrets cannot own one Secret)'],
    ['a scope with a space', (a: any) => { a.cliClient = { scopes: ['a b'] }; }, `auth.cliClient.scopes.0: "a b" is not allowed; expected ${f.OAUTH_SCOPE.allowed}`],
  ])('refuses %s with one line naming the field', (_what, mutate, message) => {
    const auth = base();
    mutate(auth);
    const m = messageOf(withAuth(auth));
    // Other problems, if any, follow as " (and N more ...)".
    expect(m.slice(0, `test.yaml: ${message}`.length)).toBe(`test.yaml: ${message}`);
    expect(m).not.toContain('\n');
  });

  test('an external server with audience, synced secrets with their store', () => {
    const spec = environmentSchema.parse(withAuth({
      ...base(),
      authorizationServer: { type: 'external', issuer: 'https://login.a.example:8443/oauth2/aus1', audience: 'api://flyte-a' },
      internalClient: { clientId: 'svc-a', scopes: ['api:flyte'], clientSecret: { name: 'prop-a', source: 'externalSecret', externalSecret: { storeName: 'asm', remoteKey: 'prod/prop', property: 'secret' } } },
    }));
    expect(spec.auth!.authorizationServer).toEqual({ type: 'external', issuer: 'https://login.a.example:8443/oauth2/aus1', audience: 'api://flyte-a' });
    expect(spec.auth!.internalClient.clientSecret.externalSecret).toEqual({ storeName: 'asm', storeKind: 'ClusterSecretStore', remoteKey: 'prod/prop', property: 'secret', refreshInterval: '1h' });
  });
});
