/** Cross-field rules of the Flyte container (extra variables, CA bundles) and the schema's one-line messages for the new keys. */
import { checkContainer, envVarIssues, fileSourceIssue, requirementIssue, taskEnvIssues } from '../../src/config/container-rules';
import { sslMode } from '../../src/config/database-options';
import { messageOf, specOf, validInput } from '../helpers';

const base = () => JSON.parse(JSON.stringify(validInput()));
const withPod = (pod: unknown) => ({ ...base(), pod });
const withTaskEnv = (env: unknown) => ({ ...base(), tasks: { env } });

describe('envVarIssues', () => {
  test('a literal, a Secret key and a ConfigMap key are each fine alone', () => {
    expect(envVarIssues([{ name: 'GOMAXPROCS', value: '2' }, { name: 'A', secretKeyRef: { name: 's', key: 'k' } }, { name: 'B', configMapKeyRef: { name: 'c', key: 'k' } }])).toEqual([]);
  });

  test('names the chart sets are refused in any case, with the key that sets them', () => {
    expect(envVarIssues([{ name: 'https_proxy', value: 'http://p:1' }])).toEqual([{ path: [0, 'name'], input: 'https_proxy', message: 'expected a name the chart does not set (https_proxy is set by proxy.https)' }]);
    expect(envVarIssues([{ name: 'SSL_CERT_FILE', value: '/x' }])[0].message).toBe('expected a name the chart does not set (SSL_CERT_FILE is set by caBundle)');
    expect(envVarIssues([{ name: 'POD_NAME', value: 'x' }])[0].path).toEqual([0, 'name']);
  });

  test('duplicates and zero or two sources are refused', () => {
    expect(envVarIssues([{ name: 'A', value: '1' }, { name: 'A', value: '2' }])).toEqual([{ path: [1, 'name'], input: 'A', message: 'expected each name once' }]);
    expect(envVarIssues([{ name: 'A' }])[0].message).toBe('expected exactly one of value, secretKeyRef and configMapKeyRef');
    expect(envVarIssues([{ name: 'A', value: '1', secretKeyRef: { name: 's', key: 'k' } }])[0].path).toEqual([0]);
  });

  test('literal credentials are refused, by value or by a secret-looking name, without repeating the value', () => {
    for (const v of [{ name: 'DB_PASSWORD', value: 'x1' }, { name: 'GITHUB_TOKEN', value: 'abc' }, { name: 'AWS_SECRET_ACCESS_KEY', value: 'abc' }, { name: 'URL', value: 'https://u:p@h.example' }]) {
      const [issue] = envVarIssues([v]);
      expect(issue.path).toEqual([0, 'value']);
      expect(issue.message).toMatch(/^expected no credential in an environment file \(found .+\); put it in a Secret and use secretKeyRef$/);
      expect(JSON.stringify(issue.input)).not.toContain(v.value);
    }
  });
});

describe('taskEnvIssues', () => {
  test('literals under names nothing else sets are fine, in any case', () => {
    expect(taskEnvIssues([{ name: 'PIP_INDEX_URL', value: 'https://pypi.corp.example/simple' }, { name: 'pip_index_url', value: 'x' }, { name: 'HF_HUB_OFFLINE', value: '1' }, { name: 'POD_NAME', value: 'p' }])).toEqual([]);
  });

  test('names the chart sets in task pods are refused in any case, with the key that sets them', () => {
    expect(taskEnvIssues([{ name: 'FLYTE_AWS_ENDPOINT', value: 'https://s3.example' }])).toEqual([
      { path: [0, 'name'], input: 'FLYTE_AWS_ENDPOINT', message: 'expected a name the chart does not set in task pods (FLYTE_AWS_ENDPOINT is set by storage.endpoint)' },
    ]);
    expect(taskEnvIssues([{ name: 'no_proxy', value: '.corp' }])[0].message).toBe('expected a name the chart does not set in task pods (no_proxy is set by proxy.noProxy)');
    expect(taskEnvIssues([{ name: 'A', value: '1' }, { name: 'Requests_CA_Bundle', value: '/x' }])[0]).toMatchObject({ path: [1, 'name'], message: 'expected a name the chart does not set in task pods (Requests_CA_Bundle is set by caBundle (with tasks.podTemplate))' });
  });

  test('names Flyte sets for each execution are refused: a default would replace them', () => {
    for (const name of ['FLYTE_INTERNAL_EXECUTION_ID', 'FLYTE_INTERNAL_TASK_VERSION', 'FLYTE_ATTEMPT_NUMBER', 'FLYTE_EXECUTION_URL', '_F_L_MIN_SIZE_MB', '_F_WN']) {
      expect(taskEnvIssues([{ name, value: 'x' }])).toEqual([{ path: [0, 'name'], input: name, message: `expected a name Flyte does not set (${name} is set by Flyte for each execution)` }]);
    }
    // flytekit reads these from its users' settings: not Flyte's per-execution ones.
    expect(taskEnvIssues([{ name: 'FLYTE_SDK_LOGGING_LEVEL', value: '20' }, { name: 'F_X', value: '1' }])).toEqual([]);
  });

  test('a name twice is refused (exact case: FOO and foo are two variables)', () => {
    expect(taskEnvIssues([{ name: 'A', value: '1' }, { name: 'a', value: '1' }, { name: 'A', value: '2' }])).toEqual([{ path: [2, 'name'], input: 'A', message: 'expected each name once' }]);
  });

  test('literal credentials are refused, by value or by a secret-looking name, without repeating the value', () => {
    for (const v of [{ name: 'HF_TOKEN', value: 'hf1' }, { name: 'PIP_INDEX_URL', value: 'https://u:p@pypi.corp.example/simple' }, { name: 'KEY_ID', value: 'AKIA0123456789ABCDEF' }]) {
      const [issue] = taskEnvIssues([v]);
      expect(issue.path).toEqual([0, 'value']);
      expect(issue.message).toMatch(/^expected no credential in an environment file \(found .+\); a task reads a credential from a Secret of its namespace through flytekit's secret requests$/);
      expect(JSON.stringify(issue)).not.toContain(v.value);
    }
  });
});

describe('fileSourceIssue, sslMode, requirementIssue', () => {
  test('exactly one of configMap and secret', () => {
    expect(fileSourceIssue({ configMap: 'a', key: 'k' })).toBeUndefined();
    expect(fileSourceIssue({ secret: 'a', key: 'k' })).toBeUndefined();
    expect(fileSourceIssue({ key: 'k' })).toBe('expected exactly one of configMap and secret (and key)');
    expect(fileSourceIssue({ configMap: 'a', secret: 'b', key: 'k' })).toBe('expected exactly one of configMap and secret (and key)');
  });

  test('sslMode reads the sslmode option only', () => {
    expect(sslMode('connect_timeout=5 sslmode=verify-ca')).toBe('verify-ca');
    expect(sslMode('xsslmode=disable')).toBeUndefined();
  });

  test('operators and values', () => {
    expect(requirementIssue('node', 'In', ['a'])).toBeUndefined();
    expect(requirementIssue('node', 'In', [])).toBe('expected at least one value with operator "In"');
    expect(requirementIssue('label', 'NotIn', undefined)).toBe('expected at least one value with operator "NotIn"');
    expect(requirementIssue('node', 'Exists', ['a'])).toBe('expected no values with operator "Exists"');
    expect(requirementIssue('node', 'Gt', ['5'])).toBeUndefined();
    expect(requirementIssue('node', 'Lt', ['a'])).toBe('expected exactly one integer value with operator "Lt"');
    expect(requirementIssue('label', 'Gt', ['5'])).toBe('expected "In", "NotIn", "Exists" or "DoesNotExist" (not "Gt") in a label selector');
  });
});

describe('checkContainer', () => {
  test('database.caBundle needs a verifying sslmode', () => {
    const db = (options: string) => ({ options, caBundle: { configMap: 'rds', key: 'k' } });
    expect(checkContainer({ database: db('sslmode=verify-full') })).toEqual([]);
    expect(checkContainer({ database: db('sslmode=verify-ca') })).toEqual([]);
    expect(checkContainer({ database: db('sslmode=require') })[0]).toEqual({
      path: ['database', 'options'],
      input: 'sslmode=require',
      message: 'expected sslmode=verify-full (or verify-ca) with database.caBundle: the CA is only used to verify the server',
    });
  });

  test('issues of pod.env carry their full path', () => {
    expect(checkContainer({ database: { options: 'sslmode=require' }, pod: { env: [{ name: 'NO_PROXY', value: 'x' }] } })[0].path).toEqual(['pod', 'env', 0, 'name']);
  });

  test('issues of tasks.env carry their full path', () => {
    expect(checkContainer({ database: { options: 'sslmode=require' }, tasks: { env: [{ name: 'A', value: '1' }, { name: 'FLYTE_AWS_ENDPOINT', value: 'x' }] } })[0].path).toEqual(['tasks', 'env', 1, 'name']);
  });
});

describe('environment schema: one-line errors for the new keys', () => {
  const cases: Array<[string, unknown, string]> = [
    ['a literal token', withPod({ env: [{ name: 'API_TOKEN', value: 'abc123' }] }), 'pod.env.0.value: "<the value of API_TOKEN>" is not allowed; expected no credential in an environment file (found a password, secret or token assignment); put it in a Secret and use secretKeyRef'],
    ['a bad variable name', withPod({ env: [{ name: '1X', value: 'a' }] }), 'pod.env.0.name: "1X" is not allowed; expected an environment variable name: letters, digits and "_", not starting with a digit'],
    ['a number as a value', withPod({ env: [{ name: 'N', value: 3 }] }), 'pod.env.0.value: 3 is not allowed; expected a string value (quote numbers and booleans)'],
    ['an unknown key of a variable', withPod({ env: [{ name: 'N', valueFrom: {} }] }), 'pod.env.0.valueFrom: unknown key'],
    ['a CA bundle from both kinds', { ...base(), caBundle: { configMap: 'a', secret: 'b', key: 'ca.crt' } }, 'caBundle: '],
    ['a CA bundle key Kubernetes refuses', { ...base(), caBundle: { configMap: 'a', key: '..ca' } }, 'caBundle.key: "..ca" is not allowed; expected a Secret data key'],
    ['sslrootcert in the options', { ...base(), database: { ...base().database, options: 'sslmode=verify-full sslrootcert=/tmp/ca.pem' } }, 'database.options: "sslmode=verify-full sslrootcert=/tmp/ca.pem" is not allowed; expected no sslrootcert= in the options: database.caBundle mounts the CA and sets it'],
    ['a database CA without verification', { ...base(), database: { ...base().database, options: 'sslmode=require', caBundle: { configMap: 'rds', key: 'ca.pem' } } }, 'database.options: "sslmode=require" is not allowed; expected sslmode=verify-full (or verify-ca) with database.caBundle'],
    ['an http S3 endpoint', { ...base(), storage: { ...base().storage, endpoint: 'http://s3.example' } }, 'storage.endpoint: "http://s3.example" is not allowed; expected an https:// URL'],
    ['a proxy with a password', { ...base(), proxy: { https: 'http://u:p@proxy.example:3128' } }, 'proxy.https: "http://u:p@proxy.example:3128" is not allowed; expected a proxy URL'],
    ['a proxy without a URL', { ...base(), proxy: { noProxy: ['.corp'] } }, 'proxy: '],
    ['a bad NO_PROXY entry', { ...base(), proxy: { https: 'http://p.example:3128', noProxy: ['a,b'] } }, 'proxy.noProxy.0: "a,b" is not allowed; expected a NO_PROXY entry'],
    ['In without values', withPod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In' }] }] } } } }), 'pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.0.matchExpressions.0.values: is missing; expected at least one value with operator "In"'],
    ['an unknown operator', withPod({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'k', labelSelector: { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] } }] } } }), 'pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution.0.labelSelector.matchExpressions.0.operator: "Gt" is not allowed; expected one of "In", "NotIn", "Exists", "DoesNotExist"'],
    ['an empty label selector', withPod({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'k', labelSelector: {} }] } } }), 'pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.0.labelSelector: {} is not allowed; expected matchLabels or matchExpressions (an empty selector matches no pod)'],
    ['a weight of 0', withPod({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: { matchExpressions: [{ key: 'a', operator: 'Exists' }] } }] } } }), 'pod.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution.0.weight: 0 is not allowed; expected an integer from 1 to 100'],
    ['an empty node term', withPod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [] }] } } } }), 'pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.0.matchExpressions: [] is not allowed; expected at least one requirement'],
    ['a probe period of 0', withPod({ probes: { readiness: { periodSeconds: 0 } } }), 'pod.probes.readiness.periodSeconds: 0 is not allowed; expected a whole number of seconds from 1 to 3600'],
    ['a probe threshold as text', withPod({ probes: { startup: { failureThreshold: 'many' } } }), 'pod.probes.startup.failureThreshold: "many" is not allowed; expected an integer from 1 to 1000'],
    ['a task variable name Kubernetes refuses', withTaskEnv([{ name: 'PIP-INDEX', value: 'a' }]), 'tasks.env.0.name: "PIP-INDEX" is not allowed; expected an environment variable name: letters, digits and "_", not starting with a digit'],
    ['a task variable as a number', withTaskEnv([{ name: 'HF_HUB_OFFLINE', value: 1 }]), 'tasks.env.0.value: 1 is not allowed; expected a string value (quote numbers and booleans)'],
    ['a task variable without a value', withTaskEnv([{ name: 'HF_HUB_OFFLINE' }]), 'tasks.env.0.value: is missing; expected a string value (quote numbers and booleans)'],
    ['a task variable from a Secret', withTaskEnv([{ name: 'HF', value: 'a', secretKeyRef: { name: 's', key: 'k' } }]), 'tasks.env.0.secretKeyRef: unknown key; allowed keys here: name, value'],
    ['a task variable list as a map', withTaskEnv({ PIP_INDEX_URL: 'https://pypi.corp.example/simple' }), 'tasks.env: {"PIP_INDEX_URL":"https://pypi.corp.example/simple"} is not allowed; expected a list of {name, value}'],
    ['a task variable twice', withTaskEnv([{ name: 'A', value: '1' }, { name: 'A', value: '1' }]), 'tasks.env.1.name: "A" is not allowed; expected each name once'],
    ['a task variable the chart sets', withTaskEnv([{ name: 'https_proxy', value: 'http://p.example:3128' }]), 'tasks.env.0.name: "https_proxy" is not allowed; expected a name the chart does not set in task pods (https_proxy is set by proxy.https)'],
    ['a task variable Flyte sets', withTaskEnv([{ name: 'FLYTE_INTERNAL_EXECUTION_ID', value: 'x' }]), 'tasks.env.0.name: "FLYTE_INTERNAL_EXECUTION_ID" is not allowed; expected a name Flyte does not set (FLYTE_INTERNAL_EXECUTION_ID is set by Flyte for each execution)'],
    ['a literal token for tasks', withTaskEnv([{ name: 'HF_TOKEN', value: 'hf_abc' }]), 'tasks.env.0.value: "<the value of HF_TOKEN>" is not allowed; expected no credential in an environment file (found a password, secret or token assignment); a task reads a credential from a Secret of its namespace through flytekit\'s secret requests'],
  ];
  test.each(cases)('refuses %s', (_what, input, start) => {
    const message = messageOf(input);
    expect(message).not.toContain('\n');
    expect(message).toContain(`test.yaml: ${start}`);
  });

  test('accepts every new key together', () => {
    const spec = specOf({
      ...base(),
      database: { ...base().database, options: 'sslmode=verify-full', caBundle: { secret: 'rds-ca', key: 'rds.pem' } },
      storage: { ...base().storage, endpoint: 'https://bucket.vpce-0a1b2c3d.s3.eu-west-3.vpce.amazonaws.com' },
      caBundle: { configMap: 'corp-ca', key: 'ca.crt' },
      proxy: { https: 'http://proxy.corp.example:3128', noProxy: ['10.100.0.0/16'] },
      pod: {
        env: [{ name: 'LOG_FORMAT', value: 'json' }, { name: 'EXTRA', configMapKeyRef: { name: 'cm', key: 'k' } }],
        probes: { startup: {}, liveness: { timeoutSeconds: 3 } },
        affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'x' } } } }] } },
      },
    });
    expect(spec.proxy).toEqual({ https: 'http://proxy.corp.example:3128', noProxy: ['10.100.0.0/16'] });
    expect(specOf({ ...base(), proxy: { http: 'http://p.example:80' } }).proxy!.noProxy).toEqual([]);
    expect(spec.pod!.probes!.startup).toEqual({});
  });

  test('accepts tasks.env and keeps it as written', () => {
    const env = [{ name: 'PIP_INDEX_URL', value: 'https://nexus.corp.example/repository/pypi/simple' }, { name: 'HF_HUB_OFFLINE', value: '1' }, { name: 'hf_hub_offline', value: '' }];
    expect(specOf(withTaskEnv(env)).tasks!.env).toEqual(env);
    expect(specOf(base()).tasks?.env).toBeUndefined();
  });
});
