import { createHash } from 'crypto';
import * as YAML from 'yaml';
import { provenanceMessage } from '../../src/signing/provenance';

const CHART_YAML = 'version: 1.2.3\nname: chart-a\napiVersion: v2\nannotations:\n  b: "2"\n  a: "1"\nkeywords: [x, y]\n';

describe('provenanceMessage', () => {
  test('the metadata with sorted keys, the YAML end marker, then the archive\'s SHA-256 under files', () => {
    const archive = Buffer.from('archive bytes');
    const text = provenanceMessage(CHART_YAML, 'chart-a-1.2.3.tgz', archive);
    const [metadata, files, ...rest] = text.split('\n...\n');
    expect(rest).toEqual([]);
    expect(YAML.parse(metadata)).toEqual(YAML.parse(CHART_YAML));
    // Keys sorted at every level, as Helm's YAML (sigs.k8s.io/yaml) writes them.
    expect(metadata.split('\n').filter((l) => /^\S/.test(l)).map((l) => l.split(':')[0])).toEqual(['annotations', 'apiVersion', 'keywords', 'name', 'version']);
    expect(metadata).toMatch(/^annotations:\n {2}a: "1"\n {2}b: "2"\n/);
    expect(files).toBe(`files:\n  chart-a-1.2.3.tgz: sha256:${createHash('sha256').update(archive).digest('hex')}\n`);
  });

  test('no line of the message is "---" (not allowed in a clear-signed message) or ends in white space', () => {
    const text = provenanceMessage(`${CHART_YAML}description: "a long description ${'word '.repeat(40)}end"\n`, 'c.tgz', Buffer.from('x'));
    expect(text.split('\n').filter((l) => l === '---' || /\s$/.test(l))).toEqual([]);
  });

  test('a Chart.yaml without name and version is refused', () => {
    expect(() => provenanceMessage('apiVersion: v2\n', 'c.tgz', Buffer.from('x'))).toThrow('provenance of c.tgz: Chart.yaml has no name and version');
  });
});
