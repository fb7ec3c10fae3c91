import * as fs from 'fs';
import * as path from 'path';
import { VERSION } from '../src/version';
import { ROOT } from './helpers';

test('VERSION is the version in package.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(VERSION).toBe(pkg.version);
  // Helm needs a SemVer 2 chart version.
  expect(VERSION).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/);
});
