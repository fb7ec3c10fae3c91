import * as YAML from 'yaml';
import { parseEnvironment } from '../../src/config/load';
import { validInput } from '../helpers';

const OPTIONS_ALLOWED = 'libpq options as space-separated key=value pairs, each key once, of sslmode, sslnegotiation, sslsni, channel_binding, require_auth, connect_timeout, target_session_attrs, application_name (for example "sslmode=verify-full connect_timeout=10")';
const REGISTRY_ALLOWED =
  'a registry "host[:port]" with an optional path prefix "host[:port]/project[/...]": a lowercase DNS name with a "." or a ":port" (1-65535), an IPv4 address, or localhost, then lowercase path components; no scheme (a first element such as "myteam" would be a Docker Hub namespace), and not Docker Hub itself (docker.io, index.docker.io, registry-1.docker.io): the mirror is a registry inside the network';
const NAMESPACE_ALLOWED = 'a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters; not a system namespace ("default" or starting with "kube-")';
const INGRESS_HOST_ALLOWED = 'a DNS host name (lowercase labels of letters, digits and "-" separated by ".", at most 253 characters), not an IP address';

function errorOf(text: string): string {
  try {
    parseEnvironment('config/environments/bad.yaml', text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the environment to be rejected');
}

/** Applies `edit` to a copy of a valid environment and returns the error message. */
function errorWith(edit: (env: any) => void): string {
  const env = JSON.parse(JSON.stringify(validInput()));
  edit(env);
  return errorOf(YAML.stringify(env));
}

describe('parseEnvironment', () => {
  test('accepts a valid environment and applies defaults', () => {
    const input = validInput();
    delete (input.database as any).port;
    delete (input.database as any).options;
    const spec = parseEnvironment('x.yaml', YAML.stringify(input));
    expect(spec.database.port).toBe(5432);
    expect(spec.database.options).toBe('sslmode=require');
    expect(spec.createNamespace).toBe(true);
    expect(spec.registry?.mapping).toBe('path');
    expect(spec.release).toBe('rel-a');
  });

  test('accepts registries whose names merely contain a Docker Hub name', () => {
    for (const host of ['mydocker.io', 'docker.io.corp.example', 'harbor.corp.example/docker.io', 'docker.corp.example:5000/hub']) {
      expect(parseEnvironment('x.yaml', YAML.stringify({ ...validInput(), registry: { host, pullSecret: 'pull' } })).registry?.host).toBe(host);
    }
  });

  test('accepts numeric quantities and turns them into strings', () => {
    const spec = parseEnvironment('x.yaml', YAML.stringify({ ...validInput(), resources: { requests: { cpu: 1, memory: '1Gi' }, limits: { cpu: 2, memory: '2Gi' } } }));
    expect(spec.resources.requests.cpu).toBe('1');
    expect(spec.resources.limits.cpu).toBe('2');
  });

  // Each case: an invalid file, and the exact one-line message naming file, field, value and rule.
  const cases: Array<[string, () => string, string]> = [
    ['misspelt top-level key', () => errorWith((e) => { e.namespce = 'x'; }), 'config/environments/bad.yaml: namespce: unknown key; allowed keys here: release, namespace, createNamespace, flyte, images, registry, database, auth, storage, serviceAccount, ingress, resources, projects, domains, tasks, plugins, logs, flyteConfig, caBundle, proxy, labels, pod, services, eks, networkPolicy, metrics, signing, policy'],
    ['misspelt nested key', () => errorWith((e) => { e.database.passwrd = 'hunter2'; }), 'config/environments/bad.yaml: database.passwrd: unknown key; allowed keys here: host, port, name, username, options, passwordSecret, caBundle'],
    ['port out of range', () => errorWith((e) => { e.database.port = 70000; }), 'config/environments/bad.yaml: database.port: 70000 is not allowed; expected an integer from 1 to 65535'],
    ['port as a string', () => errorWith((e) => { e.database.port = '5432'; }), 'config/environments/bad.yaml: database.port: "5432" is not allowed; expected an integer from 1 to 65535'],
    ['latest flyte version', () => errorWith((e) => { e.flyte.version = 'latest'; }), 'config/environments/bad.yaml: flyte.version: "latest" is not allowed; expected a release tag that is also a label value: 1-63 letters, digits, "_", "." or "-", starting and ending with a letter or digit, and not "latest"'],
    ['empty flyte version', () => errorWith((e) => { e.flyte.version = ''; }), 'config/environments/bad.yaml: flyte.version: "" is not allowed; expected a release tag that is also a label value: 1-63 letters, digits, "_", "." or "-", starting and ending with a letter or digit, and not "latest"'],
    ['uppercase namespace', () => errorWith((e) => { e.namespace = 'Flyte'; }), `config/environments/bad.yaml: namespace: "Flyte" is not allowed; expected ${NAMESPACE_ALLOWED}`],
    ['release too long for service names', () => errorWith((e) => { e.release = 'r'.repeat(43); }), `config/environments/bad.yaml: release: "${'r'.repeat(43)}" is not allowed; expected a DNS-1035 label of at most 42 characters (lowercase letters, digits and "-", starting with a letter), so that "<release>-flyte-binary-webhook" stays a valid Service name`],
    ['malformed role ARN', () => errorWith((e) => { e.serviceAccount.roleArn = 'arn:aws:iam::12345:role/x'; }), 'config/environments/bad.yaml: serviceAccount.roleArn: "arn:aws:iam::12345:role/x" is not allowed; expected an IAM role ARN: "arn:<partition>:iam::<12-digit account>:role/[<path>/]<name>"'],
    ['bucket with uppercase', () => errorWith((e) => { e.storage.metadataBucket = 'My_Bucket'; }), 'config/environments/bad.yaml: storage.metadataBucket: "My_Bucket" is not allowed; expected an S3 bucket name: 3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, not an IP address, no "..", no "xn--", "sthree-" or "amzn-s3-demo-" prefix, no "-s3alias", "--ol-s3", "--x-s3", "--table-s3" or ".mrap" suffix'],
    ['bucket with two dots', () => errorWith((e) => { e.storage.userDataBucket = 'a..b'; }), 'config/environments/bad.yaml: storage.userDataBucket: "a..b" is not allowed; expected an S3 bucket name: 3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, not an IP address, no "..", no "xn--", "sthree-" or "amzn-s3-demo-" prefix, no "-s3alias", "--ol-s3", "--x-s3", "--table-s3" or ".mrap" suffix'],
    ['unsupported storage provider', () => errorWith((e) => { e.storage.provider = 'gcs'; }), 'config/environments/bad.yaml: storage.provider: "gcs" is not allowed; expected "s3"'],
    ['registry with a scheme', () => errorWith((e) => { e.registry.host = 'https://registry.corp'; }), `config/environments/bad.yaml: registry.host: "https://registry.corp" is not allowed; expected ${REGISTRY_ALLOWED}`],
    ['a registry host that is a Docker Hub namespace', () => errorWith((e) => { e.registry.host = 'myteam'; }), `config/environments/bad.yaml: registry.host: "myteam" is not allowed; expected ${REGISTRY_ALLOWED}`],
    ...['docker.io/library', 'index.docker.io', 'registry-1.docker.io', 'docker.io', 'registry.hub.docker.com:443/flyte', 'hub.docker.com'].map(
      (host): [string, () => string, string] => [`Docker Hub as the private registry (${host})`, () => errorWith((e) => { e.registry.host = host; }), `config/environments/bad.yaml: registry.host: ${JSON.stringify(host)} is not allowed; expected ${REGISTRY_ALLOWED}`],
    ),
    ['a registry prefix under a Docker Hub namespace', () => errorWith((e) => { e.registry.host = 'myteam/flyte'; }), `config/environments/bad.yaml: registry.host: "myteam/flyte" is not allowed; expected ${REGISTRY_ALLOWED}`],
        ['unknown registry mapping', () => errorWith((e) => { e.registry.mapping = 'nested'; }), 'config/environments/bad.yaml: registry.mapping: "nested" is not allowed; expected "path" (keep the source repository path) or "flat" (last path element only)'],
    ['missing database host', () => errorWith((e) => { delete e.database.host; }), 'config/environments/bad.yaml: database.host: is missing; expected a lowercase DNS name or an IPv4 address'],
    ['missing password secret', () => errorWith((e) => { delete e.database.passwordSecret; }), 'config/environments/bad.yaml: database.passwordSecret: is missing; expected a map'],
    ['invalid quantity', () => errorWith((e) => { e.resources.limits.memory = '2 GB'; }), 'config/environments/bad.yaml: resources.limits.memory: "2 GB" is not allowed; expected a Kubernetes quantity such as "500m", "2", "512Mi" or "4Gi"'],
    ['request above limit', () => errorWith((e) => { e.resources.requests.cpu = '4'; }), 'config/environments/bad.yaml: resources.requests.cpu: "4" is not allowed; expected at most the limit (3)'],
    ['options with a quote', () => errorWith((e) => { e.database.options = 'sslmode="require"'; }), 'config/environments/bad.yaml: database.options: "sslmode=\\"require\\"" is not allowed; expected sslmode to be disable, allow, prefer, require, verify-ca or verify-full'],
    ['a password in the options', () => errorWith((e) => { e.database.options = 'sslmode=require password=Zq81'; }), 'config/environments/bad.yaml: database.options: a value of 29 characters (not shown: it may be a credential) is not allowed; expected no password= in the options: the password comes from database.passwordSecret'],
    ['an sslpassword in the options', () => errorWith((e) => { e.database.options = 'sslpassword=Zq81'; }), 'config/environments/bad.yaml: database.options: a value of 16 characters (not shown: it may be a credential) is not allowed; expected no sslpassword= in the options: no client key is mounted, and a password never belongs in an environment file'],
    ['a non-breaking space in the options (\\s differs between Go and JavaScript)', () => errorWith((e) => { e.database.options = 'sslmode=a\u00a0b'; }), `config/environments/bad.yaml: database.options: "sslmode=a\\u00a0b" is not allowed; expected sslmode to be disable, allow, prefer, require, verify-ca or verify-full`],
    // Flyte appends the options after its own keys, and the last value of a key wins.
    ...([
      ['sslmode=verify-full sslmode=disable', 'expected sslmode once: libpq and Flyte\'s driver take the last value, so a second one would override the first'],
      ['connect_timeout=5 sslmode=require connect_timeout=9', 'expected connect_timeout once: libpq and Flyte\'s driver take the last value, so a second one would override the first'],
      ['sslmode=verify-full host=db.evil.example', 'expected no host= in the options: database.host sets it'],
      ['hostaddr=10.0.0.9', 'expected no hostaddr= in the options: database.host sets the server'],
      ['port=6000', 'expected no port= in the options: database.port sets it'],
      ['user=postgres', 'expected no user= in the options: database.username sets it'],
      ['dbname=postgres', 'expected no dbname= in the options: database.name sets it'],
      ['service=prod', 'expected no service= in the options: a service file would set host, user or password outside the environment file'],
      ['servicefile=/tmp/pg_service.conf', 'expected no servicefile= in the options: a service file would set host, user or password outside the environment file'],
      ['keepalives=1', `expected ${OPTIONS_ALLOWED}`],
      ['connect_timeout=soon', 'expected connect_timeout to be whole seconds'],
    ] as const).map(([options, message]): [string, () => string, string] => [`options ${options}`, () => errorWith((e) => { e.database.options = options; }), `config/environments/bad.yaml: database.options: ${JSON.stringify(options)} is not allowed; ${message}`]),
    ['namespace kube-system', () => errorWith((e) => { e.namespace = 'kube-system'; }), `config/environments/bad.yaml: namespace: "kube-system" is not allowed; expected ${NAMESPACE_ALLOWED}`],
    ['namespace kube-public', () => errorWith((e) => { e.namespace = 'kube-public'; }), `config/environments/bad.yaml: namespace: "kube-public" is not allowed; expected ${NAMESPACE_ALLOWED}`],
    ['namespace kube-node-lease', () => errorWith((e) => { e.namespace = 'kube-node-lease'; }), `config/environments/bad.yaml: namespace: "kube-node-lease" is not allowed; expected ${NAMESPACE_ALLOWED}`],
    ['namespace default', () => errorWith((e) => { e.namespace = 'default'; }), `config/environments/bad.yaml: namespace: "default" is not allowed; expected ${NAMESPACE_ALLOWED}`],
    ['an IPv4 ingress host', () => errorWith((e) => { e.ingress = { host: '10.1.2.3', className: 'alb' }; }), `config/environments/bad.yaml: ingress.host: "10.1.2.3" is not allowed; expected ${INGRESS_HOST_ALLOWED}`],
    ['a numeric ingress host', () => errorWith((e) => { e.ingress = { host: 'flyte.123', className: 'alb' }; }), `config/environments/bad.yaml: ingress.host: "flyte.123" is not allowed; expected ${INGRESS_HOST_ALLOWED}`],
    ['a number where a string is needed', () => errorWith((e) => { e.database.username = 1234; }), 'config/environments/bad.yaml: database.username: 1234 is not allowed; expected a PostgreSQL name: a letter or "_" followed by letters, digits, "_", "$" or "-", at most 63 characters (quote it: "1234")'],
    ['a boolean where a string is needed', () => errorWith((e) => { e.ingress = { host: 'flyte.corp', className: 'alb', annotations: { 'a.io/x': true } }; }), 'config/environments/bad.yaml: ingress.annotations.a.io/x: true is not allowed; expected a string annotation value (quote numbers and booleans) (quote it: "true")'],
    ['.inf for a port', () => errorOf(YAML.stringify(validInput()).replace(/port: [0-9]+/, 'port: .inf')), 'config/environments/bad.yaml: database.port: .inf is not allowed; expected an integer from 1 to 65535'],
    ['-.inf for a port', () => errorOf(YAML.stringify(validInput()).replace(/port: [0-9]+/, 'port: -.inf')), 'config/environments/bad.yaml: database.port: -.inf is not allowed; expected an integer from 1 to 65535'],
    ['.nan for a port', () => errorOf(YAML.stringify(validInput()).replace(/port: [0-9]+/, 'port: .nan')), 'config/environments/bad.yaml: database.port: .nan is not allowed; expected an integer from 1 to 65535'],
    ['a site label under app.kubernetes.io/', () => errorWith((e) => { e.labels = { 'app.kubernetes.io/name': 'x' }; }), 'config/environments/bad.yaml: labels.app.kubernetes.io/name: "app.kubernetes.io/name" is not allowed; expected a key outside app.kubernetes.io/ and pod-security.kubernetes.io/ (the chart sets those)'],
    ['a toleration with Exists and a value', () => errorWith((e) => { e.pod = { tolerations: [{ key: 'a', operator: 'Exists', value: 'b' }] }; }), 'config/environments/bad.yaml: pod.tolerations.0.value: "b" is not allowed; expected no value with operator "Exists"'],
    ['a toleration without a key', () => errorWith((e) => { e.pod = { tolerations: [{ value: 'b' }] }; }), 'config/environments/bad.yaml: pod.tolerations.0.key: is missing; expected a key (only operator "Exists" may omit it)'],
    ['tolerationSeconds without NoExecute', () => errorWith((e) => { e.pod = { tolerations: [{ key: 'a', effect: 'NoSchedule', tolerationSeconds: 5 }] }; }), 'config/environments/bad.yaml: pod.tolerations.0.tolerationSeconds: 5 is not allowed; expected only with effect "NoExecute"'],
    ['an unknown taint effect', () => errorWith((e) => { e.pod = { tolerations: [{ key: 'a', effect: 'NoRun' }] }; }), 'config/environments/bad.yaml: pod.tolerations.0.effect: "NoRun" is not allowed; expected "NoSchedule", "PreferNoSchedule" or "NoExecute"'],
    ['a maxSkew of 0', () => errorWith((e) => { e.pod = { topologySpreadConstraints: [{ maxSkew: 0, topologyKey: 'topology.kubernetes.io/zone' }] }; }), 'config/environments/bad.yaml: pod.topologySpreadConstraints.0.maxSkew: 0 is not allowed; expected an integer of at least 1'],
    ['a LoadBalancer Service type', () => errorWith((e) => { e.services = { type: 'LoadBalancer' }; }), 'config/environments/bad.yaml: services.type: "LoadBalancer" is not allowed; expected "ClusterIP" or "NodePort" (for an AWS load balancer in instance mode)'],
    ['a priority class with capitals', () => errorWith((e) => { e.pod = { priorityClassName: 'High' }; }), 'config/environments/bad.yaml: pod.priorityClassName: "High" is not allowed; expected a DNS-1123 subdomain: lowercase labels of letters, digits and "-" separated by ".", at most 253 characters'],
    ['control characters in a value', () => errorWith((e) => { e.namespace = 'a\u001b[2Jb\u202ec\u0085'; }), 'config/environments/bad.yaml: namespace: "a\\u001b[2Jb\\u202ec\\u0085" is not allowed; expected ' + NAMESPACE_ALLOWED],
    ['region typo', () => errorWith((e) => { e.storage.region = 'us-east'; }), 'config/environments/bad.yaml: storage.region: "us-east" is not allowed; expected an AWS region code such as "us-east-1" or "us-gov-west-1"'],
    ['ingress without class', () => errorWith((e) => { e.ingress = { host: 'flyte.corp' }; }), 'config/environments/bad.yaml: ingress.className: is missing; expected a DNS-1123 subdomain: lowercase labels of letters, digits and "-" separated by ".", at most 253 characters'],
    ['waiver without reason', () => errorWith((e) => { e.policy = { waivers: [{ rule: 'image-registry', reason: 'because' }] }; }), 'config/environments/bad.yaml: policy.waivers.0.reason: "because" is not allowed; expected a reason of at least 10 characters'],
    ['top level is a list', () => errorOf('- release: x\n'), 'config/environments/bad.yaml: expected a map of settings at the top level'],
    ['YAML syntax error', () => errorOf('release: [unclosed\n'), 'config/environments/bad.yaml:2:1: invalid YAML: unexpected end of the stream within a flow collection'],
    ['duplicate key', () => errorOf('release: a\nrelease: b\n'), 'config/environments/bad.yaml:2:1: invalid YAML: duplicated mapping key'],
  ];

  test.each(cases)('rejects %s with a one-line message', (_name, run, expected) => {
    const message = run();
    expect(message.split(' (and ')[0]).toBe(expected);
    expect(message).not.toContain('\n');
  });

  describe('credentials are refused at synth, and never repeated in the message', () => {
    const secret = () => `Zx${Math.random().toString(36).slice(2, 12)}Q`;
    test.each([
      ['a URL with user:pass@', (v: string) => `https://robot:${v}@hooks.corp.example/x`, 'a URL with a user name and password (user:pass@)'],
      ['an AWS access key id', (_v: string) => `AKIA${'Q7'.repeat(8)}`, 'an AWS access key id'],
      ['a bearer token', (v: string) => `Bearer ${v}${v}`, 'a bearer token'],
      ['a token assignment', (v: string) => `token=${v}`, 'a password, secret or token assignment'],
      ['a JSON client secret', (v: string) => `{"clientID":"flyte","clientSecret":"${v}"}`, 'a password, secret or token assignment'],
      ['a private key', (_v: string) => '-----BEGIN RSA PRIVATE KEY-----', 'a private key'],
      ['a GitHub token', (_v: string) => `ghp_${'a1B2'.repeat(9)}`, 'an access token (GitHub, GitLab or Slack)'],
    ])('%s in an ingress annotation', (_what, make, found) => {
      const value = make(secret());
      const message = errorWith((e) => { e.ingress = { host: 'flyte.corp', className: 'alb', grpcAnnotations: { 'corp.io/hook': value } }; });
      expect(message).toBe(
        `config/environments/bad.yaml: ingress.grpcAnnotations.corp.io/hook: a value of ${value.length} characters (not shown: it may be a credential) is not allowed; expected no credential in an environment file (found ${found}); keep it in a Secret and reference the Secret`,
      );
      expect(message).not.toContain(value);
    });

    test('an AWS access key id as a ServiceMonitor label value', () => {
      const value = `AKIA${'Z9'.repeat(8)}`;
      const message = errorWith((e) => { e.metrics = { serviceMonitor: { enabled: true, labels: { team: value } } }; });
      expect(message).toContain('metrics.serviceMonitor.labels.team: a value of 20 characters (not shown: it may be a credential) is not allowed; expected no credential');
      expect(message).not.toContain(value);
    });

    test('ordinary annotations pass', () => {
      const spec = parseEnvironment('x.yaml', YAML.stringify({ ...validInput(), ingress: { host: 'flyte.corp', className: 'alb', annotations: { 'nginx.ingress.kubernetes.io/auth-secret': 'basic-auth', 'alb.ingress.kubernetes.io/scheme': 'internal', 'a.io/url': 'https://sso.corp.example:8443/login' } } }));
      expect(spec.ingress!.annotations!['nginx.ingress.kubernetes.io/auth-secret']).toBe('basic-auth');
    });
  });

  describe('annotations over the Kubernetes limit of 256 KiB', () => {
    test('one map over the limit is refused, quickly', () => {
      // Thousands of annotations: validation must stay fast.
      const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`corp.io/k${i}`, 'v'.repeat(60)]));
      const started = Date.now();
      const message = errorWith((e) => { e.ingress = { host: 'flyte.corp', className: 'alb', annotations: many }; });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(message).toMatch(/^config\/environments\/bad.yaml: ingress.annotations: annotations of [0-9]+ bytes is not allowed; expected at most 262144 bytes of annotation keys and values in all \(the Kubernetes limit\)( \(and [0-9]+ more problems?\))?$/);
    });

    test('shared and HTTP annotations together over the limit are refused at httpAnnotations', () => {
      const half = (p: string) => Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`corp.io/${p}${i}`, 'v'.repeat(3500)]));
      const message = errorWith((e) => { e.ingress = { host: 'flyte.corp', className: 'alb', annotations: half('a'), httpAnnotations: half('h') }; });
      expect(message).toMatch(/^config\/environments\/bad.yaml: ingress.httpAnnotations: annotations of 2[0-9]{5} bytes is not allowed; expected at most 262144 bytes of annotations together with ingress.annotations/);
    });
  });

  describe('YAML alias bombs', () => {
    test('a 1 KB file of nested aliases is refused in well under a second', () => {
      const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 12; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
      const text = `${YAML.stringify(validInput())}bomb:\n${levels.map((l) => `  ${l}`).join('\n')}\n`;
      expect(text.length).toBeLessThan(2048);
      const started = Date.now();
      expect(errorOf(text)).toBe('config/environments/bad.yaml: holds more than 20000 values once YAML aliases are expanded; write the settings out (an alias bomb is refused)');
      expect(Date.now() - started).toBeLessThan(1000);
    });

    test('a 106 KB file whose aliases expand a long string to megabytes is refused on its expanded size, before validation', () => {
      // 100 KB of text, aliased 40 times into annotations: 4 MB once expanded, 41 values.
      const text = `${YAML.stringify(validInput())}long: &long "${'x'.repeat(100_000)}"\npod:\n  annotations:\n${Array.from({ length: 40 }, (_, i) => `    corp.io/k${i}: *long`).join('\n')}\n`;
      expect(text.length).toBeGreaterThan(100_000);
      expect(text.length).toBeLessThan(110_000);
      expect(errorOf(text)).toBe('config/environments/bad.yaml: holds more than 1048576 characters of keys and strings once YAML aliases are expanded; write the settings out (an input this large is not an environment)');
    });

    test('a list of 20,000 entries written out is refused as too many values, not as an alias bomb', () => {
      const text = `${YAML.stringify(validInput())}projects:\n${'  - {name: p}\n'.repeat(10_000)}`;
      expect(errorOf(text)).toBe('config/environments/bad.yaml: holds more than 20000 values; an environment has a few hundred: remove repeated entries');
    });

    test('a YAML merge key is named, not reported as the keys it would have merged missing', () => {
      const input: any = validInput();
      delete input.database;
      const text = `${YAML.stringify(input)}base: &db {host: db.corp, username: u}\ndatabase:\n  <<: *db\n  passwordSecret: {name: s, key: k}\n`;
      expect(errorOf(text)).toBe('config/environments/bad.yaml: database.<<: a YAML merge key; environment files are YAML 1.2, which has none: write the keys out');
    });

    test('a few aliases are still allowed', () => {
      const text = `${YAML.stringify({ ...validInput(), ingress: undefined })}ingress:\n  host: flyte.corp\n  className: alb\n  httpAnnotations: &shared {"corp.io/a": "1"}\n  grpcAnnotations: *shared\n`;
      expect(parseEnvironment('x.yaml', text).ingress!.grpcAnnotations).toEqual({ 'corp.io/a': '1' });
    });
  });

  describe('values as written', () => {
    test.each([
      ['1.10', '1.10'],
      ['0123', '0123'],
      ['1e3', '1e3'],
      ['0x1F', '0x1F'],
      ['True', 'True'],
    ])('flyte.version: %s is shown as written, and the quote hint keeps it', (written, shown) => {
      const text = YAML.stringify(validInput()).replace('version: v9.8.7', `version: ${written}`);
      expect(errorOf(text)).toBe(
        `config/environments/bad.yaml: flyte.version: ${shown} is not allowed; expected a release tag that is also a label value: 1-63 letters, digits, "_", "." or "-", starting and ending with a letter or digit, and not "latest" (quote it: "${shown}")`,
      );
    });

    test('a zero-width space or a Cyrillic letter in a refused value is escaped', () => {
      expect(errorWith((e) => { e.namespace = 'flyte\u200b'; })).toMatch(/^config\/environments\/bad\.yaml: namespace: "flyte\\u200b" is not allowed; /);
      expect(errorWith((e) => { e.namespace = 'fl\u0443te'; })).toMatch(/^config\/environments\/bad\.yaml: namespace: "fl\\u0443te" is not allowed; /);
    });

    test('a key with a no-break space before its colon is named with the character, ahead of the key it hides', () => {
      const text = YAML.stringify(validInput()).replace('  host: db-a.internal', '  host\u00a0: db-a.internal');
      expect(errorOf(text)).toBe(
        'config/environments/bad.yaml: database.host\\u00a0: unknown key holding U+00A0 (a no-break space); type it as "host"; allowed keys here: host, port, name, username, options, passwordSecret, caBundle (and 1 more problem)',
      );
    });
  });

  test('counts further problems without listing them', () => {
    const message = errorWith((e) => {
      e.database.port = 0;
      e.namespace = 'X';
    });
    expect(message).toMatch(/\(and 1 more problem\)$/);
  });
});
