/**
 * Every synthesised object validates: built-in kinds against the Kubernetes OpenAPI schemas of
 * kubernetes-models, custom resources against the openAPIV3Schema of the CRDs they were
 * imported from (imports/crds/).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { generate } from '../../src/synth/generate';
import { parseAll } from '../../src/synth/yaml';
import { crdAjv, modelClass, ROOT } from '../helpers';

/** apiVersion/kind -> validator, from the imported CRDs. */
function crdValidators(): Map<string, (o: unknown) => boolean> {
  const ajv = crdAjv();
  const out = new Map<string, any>();
  for (const file of fs.readdirSync(path.join(ROOT, 'imports/crds'))) {
    const crd = YAML.parse(fs.readFileSync(path.join(ROOT, 'imports/crds', file), 'utf8'));
    for (const v of crd.spec.versions.filter((x: any) => x.served)) {
      out.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, ajv.compile(v.schema.openAPIV3Schema));
    }
  }
  return out;
}

function validate(obj: any, crds: Map<string, any>): string | undefined {
  const Model = modelClass(obj.apiVersion, obj.kind);
  if (Model) {
    try {
      new Model(obj).validate();
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  }
  const check = crds.get(`${obj.apiVersion}/${obj.kind}`);
  if (!check) return `no schema for ${obj.apiVersion}/${obj.kind}`;
  return check(obj) ? undefined : JSON.stringify(check.errors);
}

describe('schema validation', () => {
  const crds = crdValidators();

  test('every object of every committed environment is valid', async () => {
    const { files } = await generate(ROOT);
    const manifests = files.filter((f) => /\/manifests\/.*\.yaml$/.test(f.path));
    const objects = manifests.flatMap((f) => parseAll(String(f.content)) as any[]);
    expect(objects.length).toBe(manifests.length);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}: ${validate(o, crds) ?? 'valid'}`).filter((l) => !l.endsWith(': valid'))).toEqual([]);
    // The custom resources are among them.
    expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['ServiceMonitor', 'CustomResourceDefinition']));
  });

  test('an ExternalSecret validates against the external-secrets.io/v1 CRD', async () => {
    const { objectsOf, validInput } = await import('../helpers');
    const env: any = validInput();
    env.database.passwordSecret = { name: 'db', key: 'password', source: 'externalSecret', externalSecret: { storeName: 'aws-sm', remoteKey: 'prod/flyte/db', property: 'password' } };
    const es = objectsOf(env).find((o) => o.kind === 'ExternalSecret');
    expect(es).toBeDefined();
    expect(validate(es, crds)).toBeUndefined();
  });

  test('the validators reject broken objects (they are not vacuous)', () => {
    const broken = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'x', ports: [{ containerPort: 'http' }] }] } } } };
    expect(validate(broken, crds)).toMatch(/containerPort must be integer/);
    const monitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'x' }, spec: { endpoints: [{ interval: 'often' }], selector: {} } };
    expect(validate(monitor, crds)).toContain('interval');
    const es = { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'x' }, spec: { secretStoreRef: { kind: 'Vault', name: 's' } } };
    expect(validate(es, crds)).toContain('kind');
  });
});
