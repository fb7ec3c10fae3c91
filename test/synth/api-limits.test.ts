import * as YAML from 'yaml';
import { parseEnvironment } from '../../src/config/load';
import { apiLimitIssue, LIMITS } from '../../src/synth/api-limits';
import { buildEnvironment } from '../../src/synth/model';
import { validInput } from '../helpers';
import { configMap, LIMIT_CASES } from './api-limit-cases';

describe('apiLimitIssue', () => {
  test.each(LIMIT_CASES.map((c) => [c.what, c] as const))('%s: within passes, one over is refused', (_what, c) => {
    expect(apiLimitIssue(c.within)).toBeUndefined();
    expect(apiLimitIssue(c.over)).toBe(c.message);
  });

  test('an object over etcd\'s 1.5 MiB is refused even when each part is within its limit', () => {
    const big = { ...configMap({ a: 'x'.repeat(LIMITS.data) }, { annotations: { 'corp.io/a': 'v'.repeat(LIMITS.annotations - 20) } }) };
    (big as any).binaryData = { b: Buffer.alloc(0).toString('base64') };
    (big as any).metadata.labels = { 'corp.io/l': 'v' };
    (big as any).extra = 'z'.repeat(300 * 1024);
    expect(apiLimitIssue(big)).toMatch(/^ConfigMap\/c: [0-9]+ bytes, over the 1572864 bytes etcd stores in one object$/);
  });

  test('an environment whose flyteConfig fills the config ConfigMap past 1 MiB is refused at synth, naming the object', () => {
    const text = `${YAML.stringify(validInput())}flyteConfig:\n  propeller:\n    notes: "${'n'.repeat(1_048_000)}"\n`;
    const spec = parseEnvironment('config/environments/big.yaml', text);
    expect(() => buildEnvironment({ name: 'big', file: 'config/environments/big.yaml', spec }, { root: '.', lock: {}, warn: () => undefined })).toThrow(
      /^ConfigMap\/rel-a-flyte-binary-config data: 10[0-9]{5} bytes, over the 1048576 bytes Kubernetes allows in a ConfigMap; shrink the setting that fills it$/,
    );
  });
});
