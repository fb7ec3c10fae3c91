import * as YAML from 'yaml';
import { parseEnvironment } from '../../src/config/load';
import { validInput } from '../helpers';

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

  test('accepts numeric quantities and turns them into strings', () => {
    const spec = parseEnvironment('x.yaml', YAML.stringify({ ...validInput(), resources: { requests: { cpu: 1, memory: '1Gi' }, limits: { cpu: 2, memory: '2Gi' } } }));
    expect(spec.resources.requests.cpu).toBe('1');
    expect(spec.resources.limits.cpu).toBe('2');
  });

  // Each case: an invalid file, and the exact one-line message naming file, field, value and rule.
  const cases: Array<[string, () => string, string]> = [
    ['misspelt top-level key', () => errorWith((e) => { e.namespce = 'x'; }), 'config/environments/bad.yaml: namespce: unknown key; allowed keys here: release, namespace, createNamespace, flyte, images, registry, database, storage, serviceAccount, ingress, resources, projects, domains, tasks, plugins, logs, flyteConfig, eks, networkPolicy, metrics, policy'],
    ['misspelt nested key', () => errorWith((e) => { e.database.passwrd = 'hunter2'; }), 'config/environments/bad.yaml: database.passwrd: unknown key; allowed keys here: host, port, name, username, options, passwordSecret'],
    ['port out of range', () => errorWith((e) => { e.database.port = 70000; }), 'config/environments/bad.yaml: database.port: 70000 is not allowed; expected an integer from 1 to 65535'],
    ['port as a string', () => errorWith((e) => { e.database.port = '5432'; }), 'config/environments/bad.yaml: database.port: "5432" is not allowed; expected an integer from 1 to 65535'],
    ['latest flyte version', () => errorWith((e) => { e.flyte.version = 'latest'; }), 'config/environments/bad.yaml: flyte.version: "latest" is not allowed; expected a release tag that is also a label value: 1-63 letters, digits, "_", "." or "-", starting and ending with a letter or digit, and not "latest"'],
    ['empty flyte version', () => errorWith((e) => { e.flyte.version = ''; }), 'config/environments/bad.yaml: flyte.version: "" is not allowed; expected a release tag that is also a label value: 1-63 letters, digits, "_", "." or "-", starting and ending with a letter or digit, and not "latest"'],
    ['uppercase namespace', () => errorWith((e) => { e.namespace = 'Flyte'; }), 'config/environments/bad.yaml: namespace: "Flyte" is not allowed; expected a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters'],
    ['release too long for service names', () => errorWith((e) => { e.release = 'r'.repeat(43); }), `config/environments/bad.yaml: release: "${'r'.repeat(43)}" is not allowed; expected a DNS-1035 label of at most 42 characters (lowercase letters, digits and "-", starting with a letter), so that "<release>-flyte-binary-webhook" stays a valid Service name`],
    ['malformed role ARN', () => errorWith((e) => { e.serviceAccount.roleArn = 'arn:aws:iam::12345:role/x'; }), 'config/environments/bad.yaml: serviceAccount.roleArn: "arn:aws:iam::12345:role/x" is not allowed; expected an IAM role ARN: "arn:<partition>:iam::<12-digit account>:role/[<path>/]<name>"'],
    ['bucket with uppercase', () => errorWith((e) => { e.storage.metadataBucket = 'My_Bucket'; }), 'config/environments/bad.yaml: storage.metadataBucket: "My_Bucket" is not allowed; expected an S3 bucket name: 3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, not an IP address, no "..", no "xn--", "sthree-" or "amzn-s3-demo-" prefix, no "-s3alias", "--ol-s3", "--x-s3", "--table-s3" or ".mrap" suffix'],
    ['bucket with two dots', () => errorWith((e) => { e.storage.userDataBucket = 'a..b'; }), 'config/environments/bad.yaml: storage.userDataBucket: "a..b" is not allowed; expected an S3 bucket name: 3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, not an IP address, no "..", no "xn--", "sthree-" or "amzn-s3-demo-" prefix, no "-s3alias", "--ol-s3", "--x-s3", "--table-s3" or ".mrap" suffix'],
    ['unsupported storage provider', () => errorWith((e) => { e.storage.provider = 'gcs'; }), 'config/environments/bad.yaml: storage.provider: "gcs" is not allowed; expected "s3"'],
    ['registry with a scheme', () => errorWith((e) => { e.registry.host = 'https://registry.corp'; }), 'config/environments/bad.yaml: registry.host: "https://registry.corp" is not allowed; expected a registry host: a lowercase DNS name or IPv4 address with an optional ":port" (1-65535), no scheme or path'],
    ['unknown registry mapping', () => errorWith((e) => { e.registry.mapping = 'nested'; }), 'config/environments/bad.yaml: registry.mapping: "nested" is not allowed; expected "path" (keep the source repository path) or "flat" (last path element only)'],
    ['missing database host', () => errorWith((e) => { delete e.database.host; }), 'config/environments/bad.yaml: database.host: is missing; expected a lowercase DNS name or an IPv4 address'],
    ['missing password secret', () => errorWith((e) => { delete e.database.passwordSecret; }), 'config/environments/bad.yaml: database.passwordSecret: is missing; expected a map'],
    ['invalid quantity', () => errorWith((e) => { e.resources.limits.memory = '2 GB'; }), 'config/environments/bad.yaml: resources.limits.memory: "2 GB" is not allowed; expected a Kubernetes quantity such as "500m", "2", "512Mi" or "4Gi"'],
    ['request above limit', () => errorWith((e) => { e.resources.requests.cpu = '4'; }), 'config/environments/bad.yaml: resources.requests.cpu: "4" is not allowed; expected at most the limit (3)'],
    ['options with a quote', () => errorWith((e) => { e.database.options = 'sslmode="require"'; }), 'config/environments/bad.yaml: database.options: "sslmode=\\"require\\"" is not allowed; expected libpq options as space-separated key=value pairs (for example "sslmode=verify-full"), without quotes, backslashes, ":" or "#"'],
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

  test('counts further problems without listing them', () => {
    const message = errorWith((e) => {
      e.database.port = 0;
      e.namespace = 'X';
    });
    expect(message).toMatch(/\(and 1 more problem\)$/);
  });
});
