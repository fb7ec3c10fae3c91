import * as fs from 'fs';
import * as path from 'path';
import { PACKAGE_VERSION } from '../src/version';
import { ROOT } from './helpers';

test('PACKAGE_VERSION is the version in package.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(PACKAGE_VERSION).toBe(pkg.version);
  // Helm needs a SemVer 2 chart version.
  expect(PACKAGE_VERSION).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/);
});
