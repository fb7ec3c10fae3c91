import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers';

// A plain script (scripts/api-docs.js), loaded as `npm run docs` runs it.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { apiMarkdown, OUT } = require('../../scripts/api-docs.js') as { apiMarkdown: () => string; OUT: string };

describe('docs/API.md', () => {
  const fresh = apiMarkdown();

  test('the committed file is what scripts/api-docs.js generates (run "npm run docs" after changing an export)', () => {
    expect(path.relative(ROOT, OUT)).toBe(path.join('docs', 'API.md'));
    expect(fs.readFileSync(OUT, 'utf8')).toBe(fresh);
  });

  test('documents each construct with its constructor and each Props interface with its defaults', () => {
    expect(fresh).toContain('### FlyteEnvironment\n\n`class FlyteEnvironment extends Chart` (src/constructs/flyte-environment.ts)\n');
    expect(fresh).toContain('```ts\nnew FlyteEnvironment(scope: Construct, id: string, props: FlyteEnvironmentProps)\n```');
    expect(fresh).toContain('| `digests` | `Readonly<Record<string, string>>` | optional; default - none: images are referenced by tag | Locked digests of source images (`config/images.lock.json`). |');
    expect(fresh).toContain('### environmentSpec\n\n```ts\nfunction environmentSpec(input: unknown, source = \'environment\', written?: Written): EnvironmentSpec\n```');
    const headings = fresh.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual(['## Constructs', '## Props and other interfaces', '## Functions', '## Constants', '## Types']);
    // Every optional prop of every Props interface states its default (a project standard).
    const optionalRows = fresh.split('\n').filter((l) => /^\| `\w+` \| .* \| optional/.test(l));
    expect(optionalRows.length).toBeGreaterThan(10);
    expect(optionalRows.filter((l) => !/\| optional; default /.test(l))).toEqual([]);
  });
});
