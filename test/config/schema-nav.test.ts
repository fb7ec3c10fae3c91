import { z } from 'zod';
import { descriptionAt, keysAt, schemaAt, unwrap } from '../../src/config/schema-nav';

describe('schemaAt', () => {
  test('finds nodes by object keys, through optional and default wrappers', () => {
    expect(schemaAt(['release'])).toBeDefined();
    expect(schemaAt(['database', 'port'])).toBeDefined();
    // registry and ingress are optional objects; externalSecret is optional inside passwordSecret.
    expect(schemaAt(['registry', 'host'])).toBeDefined();
    expect(schemaAt(['ingress', 'tlsSecret'])).toBeDefined();
    expect(schemaAt(['database', 'passwordSecret', 'externalSecret', 'remoteKey'])).toBeDefined();
  });

  test('numbers index arrays', () => {
    const element = schemaAt(['networkPolicy', 'egressCidrs', 0]);
    expect(element).toBeDefined();
    expect(element!.safeParse('10.0.0.0/8').success).toBe(true);
    expect(element!.safeParse('10.0.0.0/33').success).toBe(false);
    expect(schemaAt(['policy', 'waivers', 3, 'reason'])).toBeDefined();
  });

  test('the empty path is the root', () => {
    const root = z.strictObject({ a: z.string() });
    expect(schemaAt([], root)).toBe(root);
  });

  test('unknown paths give undefined', () => {
    expect(schemaAt(['nope'])).toBeUndefined();
    expect(schemaAt(['database', 'passwrd'])).toBeUndefined();
    // Past a leaf, a string key on an array, or a number on an object.
    expect(schemaAt(['release', 'length'])).toBeUndefined();
    expect(schemaAt(['networkPolicy', 'egressCidrs', 'first'])).toBeUndefined();
    expect(schemaAt(['database', 0])).toBeUndefined();
  });

  test('works on another schema given as root', () => {
    const root = z.strictObject({ outer: z.strictObject({ inner: z.number() }).optional() });
    expect(schemaAt(['outer', 'inner'], root)!.safeParse(3).success).toBe(true);
    expect(schemaAt(['outer', 'other'], root)).toBeUndefined();
  });
});

describe('unwrap', () => {
  test('removes the default: the bare node no longer fills in a missing value', () => {
    const port = schemaAt(['database', 'port'])!;
    expect(port.parse(undefined)).toBe(5432);
    expect(unwrap(port).safeParse(undefined).success).toBe(false);
    expect(unwrap(port).parse(6543)).toBe(6543);
  });

  test('removes optional', () => {
    const ingress = schemaAt(['ingress'])!;
    expect(ingress.safeParse(undefined).success).toBe(true);
    expect(unwrap(ingress).safeParse(undefined).success).toBe(false);
  });

  test('removes the preprocessing of quantities: the bare node wants a string', () => {
    const cpu = schemaAt(['resources', 'limits', 'cpu'])!;
    expect(cpu.parse(2)).toBe('2');
    expect(unwrap(cpu).safeParse(2).success).toBe(false);
    expect(unwrap(cpu).parse('2')).toBe('2');
  });

  test('leaves a bare node as it is', () => {
    const s = z.string();
    expect(unwrap(s)).toBe(s);
  });
});

describe('keysAt', () => {
  test('lists the keys of an object in schema order', () => {
    expect(keysAt([])).toEqual([
      'release', 'namespace', 'createNamespace', 'flyte', 'images', 'registry', 'database', 'auth', 'storage',
      'serviceAccount', 'ingress', 'resources', 'projects', 'domains', 'tasks', 'plugins', 'logs', 'flyteConfig', 'caBundle', 'proxy', 'labels', 'pod', 'services', 'eks', 'networkPolicy', 'metrics', 'signing', 'policy',
    ]);
    expect(keysAt(['database'])).toEqual(['host', 'port', 'name', 'username', 'options', 'passwordSecret', 'caBundle']);
    expect(keysAt(['database', 'passwordSecret', 'externalSecret'])).toEqual(['storeName', 'storeKind', 'remoteKey', 'property', 'refreshInterval']);
    expect(keysAt(['registry'])).toEqual(['host', 'pullSecret', 'mapping']);
    expect(keysAt(['policy', 'waivers', 0])).toEqual(['rule', 'object', 'reason']);
  });

  test('is empty for leaves, arrays and unknown paths', () => {
    expect(keysAt(['release'])).toEqual([]);
    expect(keysAt(['networkPolicy', 'egressCidrs'])).toEqual([]);
    expect(keysAt(['nope'])).toEqual([]);
  });

  test('reads another schema given as root', () => {
    expect(keysAt([], z.strictObject({ images: z.record(z.string(), z.string()), extra: z.boolean() }))).toEqual(['images', 'extra']);
  });
});

describe('descriptionAt', () => {
  test('reads descriptions of leaves, objects and wrapped nodes', () => {
    expect(descriptionAt(['namespace'])).toBe('Namespace Flyte runs in; never a system namespace (default, kube-*).');
    expect(descriptionAt(['database', 'port'])).toBe('PostgreSQL port.');
    expect(descriptionAt(['database'])).toBe('External PostgreSQL database.');
    // Behind a default.
    expect(descriptionAt(['createNamespace'])).toBe('Render the Namespace object, labelled for the "restricted" Pod Security Standard.');
    // Behind the preprocess of quantities.
    expect(descriptionAt(['resources', 'requests', 'cpu'])).toBe('CPU requests of each container, for example "1" or "500m".');
    expect(descriptionAt(['resources', 'limits', 'memory'])).toBe('Memory limits of each container, for example "1Gi".');
    // Behind optional.
    expect(descriptionAt(['ingress', 'tlsSecret'])).toBe('Name of the TLS Secret for the host (created by an operator or cert-manager).');
    expect(descriptionAt(['registry'])).toBe('Private registry that mirrors every image.');
  });

  test('is undefined for unknown paths', () => {
    expect(descriptionAt(['nope'])).toBeUndefined();
    expect(descriptionAt(['database', 'nope'])).toBeUndefined();
  });
});
