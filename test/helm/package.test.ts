import { createHash } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { packageChart } from '../../src/helm/package';
import { generate } from '../../src/synth/generate';
import { ROOT, tool } from '../helpers';

const files = (env: string, result: Awaited<ReturnType<typeof generate>>) => new Map(result.files.filter((f) => f.path.startsWith(`${env}/`)).map((f) => [f.path.slice(env.length + 1), f.content]));

describe('chart package and repository index', () => {
  let first: Awaited<ReturnType<typeof generate>>;
  let second: Awaited<ReturnType<typeof generate>>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-pkg-'));

  beforeAll(async () => {
    first = await generate(ROOT);
    second = await generate(ROOT);
    for (const [p, c] of files('enterprise', first)) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), c);
    }
  });

  test('rebuilding gives the same bytes', () => {
    const a = files('enterprise', first).get('enterprise-flyte-enterprise-0.1.0.tgz') as Buffer;
    const b = files('enterprise', second).get('enterprise-flyte-enterprise-0.1.0.tgz') as Buffer;
    expect(Buffer.isBuffer(a)).toBe(true);
    expect(a.equals(b)).toBe(true);
  });

  test('the same files in another order package to the same bytes; other content does not', async () => {
    const meta = { apiVersion: 'v2', name: 'c', version: '1.0.0' };
    const f = [{ path: 'Chart.yaml', content: 'name: c\n' }, { path: 'templates/a.yaml', content: 'a: 1\n' }];
    const one = await packageChart('c', '1.0.0', f, meta);
    const two = await packageChart('c', '1.0.0', [...f].reverse(), meta);
    const three = await packageChart('c', '1.0.0', [f[0], { path: 'templates/a.yaml', content: 'a: 2\n' }], meta);
    expect(one.tgz.equals(two.tgz)).toBe(true);
    expect(one.tgz.equals(three.tgz)).toBe(false);
    expect(one.index).toBe(two.index);
  });

  test('helm reads the package: template and show values', () => {
    const tgz = path.join(dir, 'enterprise-flyte-enterprise-0.1.0.tgz');
    const shown = tool('helm', ['show', 'values', tgz]);
    expect(shown.status).toBe(0);
    // helm prints the file as packaged, comments included, plus a final newline.
    expect(shown.stdout.trimEnd()).toBe(fs.readFileSync(path.join(dir, 'chart/values.yaml'), 'utf8').trimEnd());
    const chart = tool('helm', ['show', 'chart', tgz]);
    expect(YAML.parse(chart.stdout)).toMatchObject({ name: 'enterprise-flyte-enterprise', version: '0.1.0', appVersion: 'v1.16.8' });
    const rendered = tool('helm', ['template', 'flyte-backend', tgz, '-n', 'flyte']);
    expect(rendered.status).toBe(0);
    expect(rendered.stdout).toContain('kind: Deployment');
    expect(tool('helm', ['lint', '--strict', tgz]).status).toBe(0);
  });

  test('index.yaml points at the package with its digest', () => {
    const index = YAML.parse(fs.readFileSync(path.join(dir, 'index.yaml'), 'utf8'));
    const [entry] = index.entries['enterprise-flyte-enterprise'];
    const tgz = fs.readFileSync(path.join(dir, entry.urls[0]));
    expect(entry.digest).toBe(createHash('sha256').update(tgz).digest('hex'));
    expect(entry.version).toBe('0.1.0');
    expect(index.apiVersion).toBe('v1');
  });

  test('helm uses the folder as a chart repository', async () => {
    const server = http.createServer((req, res) => {
      const file = path.join(dir, decodeURIComponent(req.url!.split('?')[0]));
      if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200).end(fs.readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const pulled = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-pull-'));
      // Run helm in a child process while this process serves the files.
      const { execFile } = require('child_process') as typeof import('child_process');
      const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
        const home = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-home-'));
        execFile(path.join(ROOT, '.tools/helm'), ['pull', 'enterprise-flyte-enterprise', '--repo', `http://127.0.0.1:${port}`, '--version', '0.1.0', '-d', pulled], {
          env: { PATH: process.env.PATH, HOME: home, HELM_CACHE_HOME: `${home}/c`, HELM_CONFIG_HOME: `${home}/g`, HELM_DATA_HOME: `${home}/d` },
        }, (err, _out, stderr) => resolve({ code: err ? 1 : 0, stderr }));
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(fs.readFileSync(path.join(pulled, 'enterprise-flyte-enterprise-0.1.0.tgz')).equals(fs.readFileSync(path.join(dir, 'enterprise-flyte-enterprise-0.1.0.tgz')))).toBe(true);
    } finally {
      server.close();
    }
  });
});
