import { checkFlyteConfig, isImageKey, OWNED_FLYTE_KEYS } from '../../src/config/flyte-config-rules';
import { specOf, validInput } from '../helpers';

const messageOf = (flyteConfig: unknown) => {
  try {
    specOf({ ...validInput(), flyteConfig });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the environment to be rejected');
};

describe('flyteConfig (the escape hatch)', () => {
  test('settings the schema does not model pass through unchanged', () => {
    const flyteConfig = { plugins: { k8s: { 'inject-finalizer': true, 'default-env-vars': [{ AWS_METADATA_SERVICE_TIMEOUT: 5 }] } }, propeller: { 'max-workflow-retries': 7 } };
    expect(specOf({ ...validInput(), flyteConfig }).flyteConfig).toEqual(flyteConfig);
    expect(checkFlyteConfig(flyteConfig)).toEqual([]);
    expect(checkFlyteConfig(undefined)).toEqual([]);
  });

  test.each([
    ['auth.appAuth.thirdPartyConfig.clientSecret', { auth: { appAuth: { thirdPartyConfig: { clientSecret: 'x' } } } }, 'clientSecret'],
    ['storage-like password key', { connector: { password: 'x' } }, 'password'],
    ['a token under a list', { plugins: { 'connector-service': { connectors: [{ apiToken: 'x' }] } } }, 'apiToken'],
    ['an access key id in a value', { propeller: { note: 'AKIAABCDEFGHIJKLMNOP' } }, '<an AWS access key id>'],
  ])('refuses a credential: %s', (_name, config, shown) => {
    const message = messageOf(config);
    expect(message).toMatch(new RegExp(`^test\\.yaml: flyteConfig\\.[^ ]+: "${shown.replace(/[<>]/g, '.')}" is not allowed; expected no credential in Flyte's configuration`));
    // The value itself is never echoed.
    expect(message).not.toContain('AKIAABCDEFGHIJKLMNOP');
    expect(message).not.toContain('\n');
  });

  test.each([
    [{ database: { postgres: { host: 'x' } } }, 'flyteConfig.database', 'database'],
    [{ storage: { container: 'x' } }, 'flyteConfig.storage', 'storage'],
    [{ propeller: { 'rawoutput-prefix': 's3://x' } }, 'flyteConfig.propeller.rawoutput-prefix', 'storage.userDataBucket'],
    [{ flyte: { admin: { seedProjects: ['x'] } } }, 'flyteConfig.flyte.admin.seedProjects', 'projects'],
    [{ domains: [{ id: 'x', name: 'x' }] }, 'flyteConfig.domains', 'domains'],
    [{ task_resources: { defaults: { cpu: 1 } } }, 'flyteConfig.task_resources', 'tasks.resources'],
    [{ cluster_resources: { customData: {} } }, 'flyteConfig.cluster_resources.customData', 'tasks.roleArn, tasks.quota and tasks.domains'],
    [{ tasks: { 'task-plugins': { 'enabled-plugins': ['x'] } } }, 'flyteConfig.tasks.task-plugins', 'plugins'],
    [{ plugins: { logs: { 'cloudwatch-enabled': true } } }, 'flyteConfig.plugins.logs', 'logs'],
    [{ plugins: { 'k8s-array': { logs: {} } } }, 'flyteConfig.plugins.k8s-array.logs', 'logs'],
    [{ plugins: { k8s: { 'co-pilot': { image: 'x:1' } } } }, 'flyteConfig.plugins.k8s.co-pilot.image', 'images.coPilot'],
  ])('points a typed key to the schema: %j', (config, field, typed) => {
    const key = field.split('.').pop();
    expect(messageOf(config)).toBe(`test.yaml: ${field}: "${key}" is not allowed; expected this setting in the typed key ${typed} of the environment file, not in flyteConfig`);
  });

  test('every owned key is covered by the table above', () => {
    expect(Object.keys(OWNED_FLYTE_KEYS).sort()).toEqual([
      'cluster_resources.customData', 'cluster_resources.templatePath', 'database', 'domains', 'flyte.admin.seedProjects',
      'flyte.admin.seedProjectsWithDetails', 'plugins.k8s-array.logs', 'plugins.k8s.co-pilot.image', 'plugins.logs',
      'propeller.rawoutput-prefix', 'storage', 'task_resources', 'tasks.task-plugins',
    ]);
  });

  test('not a map', () => {
    expect(messageOf(['a'])).toBe('test.yaml: flyteConfig: ["a"] is not allowed; expected a map of Flyte configuration sections');
  });

  test('image keys: "image", "...-image" and "...Image"', () => {
    expect(['image', 'default-image', 'sidecarImage'].map(isImageKey)).toEqual([true, true, true]);
    expect(['images', 'imagePullPolicy', 'name'].map(isImageKey)).toEqual([false, false, false]);
  });
});
