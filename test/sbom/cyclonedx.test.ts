/**
 * The bill of materials of each environment: valid against CycloneDX's published JSON schema (the
 * copy the CycloneDX library ships), listing exactly the images of images.json, the chart with the
 * SHA-256 of its package, Flyte's version and the generator; deterministic; in the bundle and in
 * SHA256SUMS.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PackageURL } from 'packageurl-js';
import * as YAML from 'yaml';
import { cyclonedxSbom, nameBasedUuid, SbomProps } from '../../src/sbom/cyclonedx';
import { generate } from '../../src/synth/generate';
import { ROOT, tmpProject, validInput } from '../helpers';

const SCHEMAS = path.join(ROOT, 'node_modules', '@cyclonedx', 'cyclonedx-library', 'res', 'schema');
const ENVS = fs.readdirSync(path.join(ROOT, 'config', 'environments')).map((f) => f.replace(/\.yaml$/, '')).sort();
const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const HEX_A = 'a'.repeat(64);
const HEX_B = '0123456789abcdef'.repeat(4);

/** ajv with the four schemas of CycloneDX 1.7 and the formats they use, checked (not just accepted). */
function bomValidator() {
  const Ajv = require('ajv').default;
  const ajv = new Ajv({ strict: false, allErrors: true });
  require('ajv-formats')(ajv, ['date', 'date-time', 'uri']);
  require('ajv-formats-draft2019')(ajv, ['idn-email', 'iri-reference']);
  for (const f of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json', 'cryptography-defs.SNAPSHOT.schema.json']) {
    // Under the address the BOM schema's relative $refs resolve to (their own $id differs).
    const { $id: _id, ...schema } = JSON.parse(fs.readFileSync(path.join(SCHEMAS, f), 'utf8'));
    ajv.addSchema(schema, `http://cyclonedx.org/schema/${f}`);
  }
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'bom-1.7.SNAPSHOT.schema.json'), 'utf8')));
}
const validate = bomValidator();
const errorsOf = (bom: unknown) => (validate(bom) ? [] : validate.errors.map((e: any) => `${e.instancePath} ${e.message}`));
const distFile = (env: string, file: string) => fs.readFileSync(path.join(ROOT, 'dist', env, file));
const sbomOf = (env: string) => JSON.parse(distFile(env, 'sbom.cdx.json').toString());
const property = (component: any, name: string) => component.properties?.find((p: any) => p.name === `enterprise-flyte:image:${name}`)?.value;

/** An image as images.json states it and as the SBOM states it, field by field. */
function fromSbom(component: any) {
  return {
    role: property(component, 'role'),
    usedIn: property(component, 'used-in'),
    source: property(component, 'source'),
    target: property(component, 'target'),
    digest: component.hashes ? `sha256:${component.hashes.find((h: any) => h.alg === 'SHA-256').content}` : null,
  };
}

/** What a pkg:oci purl must say of a reference (purl-spec oci type), read back by the purl library. */
function expectPurlOf(purl: string, reference: string, digest: string | null) {
  const parsed = PackageURL.fromString(purl);
  const [name] = reference.split('@');
  const tagAt = name.lastIndexOf(':') > name.lastIndexOf('/') ? name.lastIndexOf(':') : -1;
  const repository = tagAt < 0 ? name : name.slice(0, tagAt);
  expect(parsed.type).toBe('oci');
  expect(parsed.name).toBe(repository.split('/').pop());
  expect(parsed.version).toBe(digest ?? undefined);
  expect({ ...parsed.qualifiers }).toEqual({ repository_url: repository, ...(tagAt < 0 ? {} : { tag: name.slice(tagAt + 1) }) });
}

describe.each(ENVS)('dist/%s/sbom.cdx.json', (env) => {
  const sbom = sbomOf(env);
  const images = JSON.parse(distFile(env, 'images.json').toString()).images;

  test('validates against the CycloneDX 1.7 JSON schema', () => {
    expect(sbom.specVersion).toBe('1.7');
    expect(errorsOf(sbom)).toEqual([]);
  });

  test('lists exactly the images of images.json, each as the pkg:oci purl the cluster pulls', () => {
    const containers = sbom.components.filter((c: any) => c.type === 'container');
    expect(containers.map(fromSbom)).toEqual(images);
    for (const c of containers) {
      expectPurlOf(c.purl, property(c, 'target'), fromSbom(c).digest);
      expectPurlOf(property(c, 'source-purl'), property(c, 'source'), fromSbom(c).digest);
    }
  });

  test('describes the chart with the SHA-256 of its package, Flyte\'s version and the generator', () => {
    const chartFile = `enterprise-flyte-${env}-${VERSION}.tgz`;
    const chart = sbom.metadata.component;
    expect([chart.name, chart.version, chart['bom-ref']]).toEqual([`enterprise-flyte-${env}`, VERSION, 'chart']);
    expect(chart.hashes).toEqual([{ alg: 'SHA-256', content: createHash('sha256').update(distFile(env, chartFile)).digest('hex') }]);
    const flyteVersion = YAML.parse(fs.readFileSync(path.join(ROOT, 'config', 'environments', `${env}.yaml`), 'utf8')).flyte.version;
    expect(sbom.components.find((c: any) => c['bom-ref'] === 'flyte')).toMatchObject({ name: 'flyte', version: flyteVersion, purl: `pkg:github/flyteorg/flyte@${flyteVersion}` });
    expect(sbom.metadata.tools.components).toEqual([expect.objectContaining({ type: 'application', name: 'enterprise-flyte', version: VERSION })]);
    // Every other component is something the chart deploys.
    expect(sbom.dependencies.find((d: any) => d.ref === 'chart').dependsOn.sort()).toEqual(sbom.components.map((c: any) => c['bom-ref']).sort());
  });

  test('is deterministic: no timestamp, a name-based serial number (UUID version 5) of the rest', () => {
    expect(sbom.metadata.timestamp).toBeUndefined();
    expect(sbom.version).toBe(1);
    expect(sbom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('is in the bundle, byte for byte, and in its SHA256SUMS', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-sbom-'));
    try {
      execFileSync('tar', ['-xzf', path.join(ROOT, 'dist', env, 'bundle', `enterprise-flyte-${env}-${VERSION}.tar.gz`), '-C', dir]);
      const folder = path.join(dir, `enterprise-flyte-${env}-${VERSION}`);
      const bundled = fs.readFileSync(path.join(folder, 'sbom.cdx.json'));
      expect(bundled.equals(distFile(env, 'sbom.cdx.json'))).toBe(true);
      expect(fs.readFileSync(path.join(folder, 'SHA256SUMS'), 'utf8')).toContain(`${createHash('sha256').update(bundled).digest('hex')}  sbom.cdx.json\n`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cyclonedxSbom', () => {
  const props = (over: Partial<SbomProps> = {}): SbomProps => ({
    environment: 'env-a',
    version: '9.8.7',
    chart: { name: 'chart-a', path: 'chart/chart-a-9.8.7.tgz', content: Buffer.from('chart bytes a') },
    flyteVersion: 'v1.2.3',
    images: {
      environment: 'env-a',
      registry: 'mirror.corp.example:5443',
      mapping: 'path',
      images: [
        { role: 'flyte-binary', usedIn: 'Deployment/x container flyte', source: 'cr.flyte.org/flyteorg/flyte-binary-release:v1.2.3', target: `mirror.corp.example:5443/flyteorg/flyte-binary-release:v1.2.3@sha256:${HEX_A}`, digest: `sha256:${HEX_A}` },
        { role: 'sidecar', usedIn: 'ConfigMap/y a', source: 'docker.io/library/busybox:1.36', target: 'mirror.corp.example:5443/library/busybox:1.36', digest: null },
        { role: 'sidecar', usedIn: 'ConfigMap/y b', source: 'ghcr.io/acme/tool@sha256:' + HEX_B, target: `mirror.corp.example:5443/acme/tool@sha256:${HEX_B}`, digest: `sha256:${HEX_B}` },
      ],
    },
    ...over,
  });

  test('locked images carry their digest as purl version and SHA-256 hash; unlocked ones neither; a repeated role gets its own bom-ref', () => {
    const sbom = JSON.parse(cyclonedxSbom(props()));
    expect(errorsOf(sbom)).toEqual([]);
    const containers = sbom.components.filter((c: any) => c.type === 'container');
    expect(containers.map((c: any) => c['bom-ref'])).toEqual(['image:flyte-binary', 'image:sidecar', 'image:sidecar:2']);
    expect(containers.map(fromSbom)).toEqual(props().images.images);
    expect(containers.map((c: any) => c.version)).toEqual(['v1.2.3', '1.36', `sha256:${HEX_B}`]);
    expectPurlOf(containers[0].purl, props().images.images[0].target, `sha256:${HEX_A}`);
    expectPurlOf(containers[1].purl, props().images.images[1].target, null);
    expect(containers[1].hashes).toBeUndefined();
    expectPurlOf(property(containers[2], 'source-purl'), `ghcr.io/acme/tool@sha256:${HEX_B}`, `sha256:${HEX_B}`);
  });

  test('the same inputs give the same bytes; any change gives another serial number', () => {
    const a = cyclonedxSbom(props());
    expect(cyclonedxSbom(props())).toBe(a);
    const serial = (text: string) => JSON.parse(text).serialNumber;
    const others = [
      cyclonedxSbom(props({ chart: { ...props().chart, content: Buffer.from('chart bytes b') } })),
      cyclonedxSbom(props({ flyteVersion: 'v1.2.4' })),
      cyclonedxSbom(props({ environment: 'env-b' })),
    ];
    expect(new Set([serial(a), ...others.map(serial)]).size).toBe(4);
  });

  test('the serial is the version 5 UUID of the document without it', () => {
    const text = cyclonedxSbom(props());
    const { serialNumber, ...rest } = JSON.parse(text);
    // The serialiser writes serialNumber between version and metadata; without it, the same order.
    const unnumbered = JSON.stringify({ ...rest }, null, 2);
    expect(serialNumber).toBe(`urn:uuid:${nameBasedUuid(unnumbered)}`);
    // RFC 9562 test vector of version 5 is for the DNS namespace; here: the version and variant bits.
    expect(nameBasedUuid('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(nameBasedUuid('x')).not.toBe(nameBasedUuid('y'));
  });

  test('the schema check is a real one: a component without a type, or an unknown hash algorithm, is refused', () => {
    const sbom = JSON.parse(cyclonedxSbom(props()));
    delete sbom.components[0].type;
    expect(errorsOf(sbom).join('\n')).toContain("must have required property 'type'");
    const other = JSON.parse(cyclonedxSbom(props()));
    other.metadata.component.hashes[0].alg = 'SHA-257';
    expect(errorsOf(other).length).toBeGreaterThan(0);
  });
});

test('a digest lock reaches the SBOM of a synth: every image pinned, as purl version and hash', async () => {
  const lock = {
    'cr.flyte.org/flyteorg/flyte-binary-release:v9.8.7': `sha256:${HEX_A}`,
    'cr.flyte.org/flyteorg/flytecopilot-release:v9.8.7': `sha256:${HEX_B}`,
    'docker.io/library/postgres:15-alpine': `sha256:${'c'.repeat(64)}`,
  };
  const root = tmpProject({ alpha: validInput() }, { 'config/images.lock.json': JSON.stringify({ images: lock }) });
  try {
    const result = await generate(root);
    const file = (p: string) => result.files.find((f) => f.path === `alpha/${p}`)!.content.toString();
    const sbom = JSON.parse(file('sbom.cdx.json'));
    expect(errorsOf(sbom)).toEqual([]);
    const containers = sbom.components.filter((c: any) => c.type === 'container');
    expect(containers.map(fromSbom)).toEqual(JSON.parse(file('images.json')).images);
    expect(Object.fromEntries(containers.map((c: any) => [property(c, 'source'), fromSbom(c).digest]))).toEqual(lock);
    for (const c of containers) expect(PackageURL.fromString(c.purl).version).toBe(lock[property(c, 'source') as keyof typeof lock]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
