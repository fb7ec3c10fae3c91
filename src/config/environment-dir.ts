import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../errors';

/** Where environment files live, relative to the project root. */
export const ENVIRONMENTS_DIR = path.join('config', 'environments');

// Other spellings of a YAML file name: refused rather than ignored, since an environment the
// operator believes deploys would silently not (and "prod.yml" next to "prod.yaml" is ambiguous).
const OTHER_YAML = /\.(ya?ml)$/i;

/**
 * Lists the environment names found under `config/environments/`, sorted: the files named
 * `<env>.yaml`. A file of another YAML spelling (`prod.yml`, `prod.YAML`) is refused. A symbolic
 * link whose target does not exist is no environment to offer, but a synth of every environment
 * (`withBrokenLinks`) lists it, so that loading it names the broken link rather than skip it.
 */
export function listEnvironments(root: string, withBrokenLinks = false): string[] {
  const dir = path.join(root, ENVIRONMENTS_DIR);
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${ENVIRONMENTS_DIR}: no such directory; create it with one <env>.yaml file per environment`);
    if (code === 'ENOTDIR') throw new UserError(`${ENVIRONMENTS_DIR}: is not a folder; make it a folder with one <env>.yaml file per environment`);
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`${ENVIRONMENTS_DIR}: cannot be read (permission denied); make the folder readable by this user`);
    throw new UserError(`${ENVIRONMENTS_DIR}: cannot be read (${code ?? (e as Error).message}); check that it is a readable folder`);
  }
  for (const e of entries.sort()) {
    if (OTHER_YAML.test(e) && !e.endsWith('.yaml')) {
      const base = e.replace(OTHER_YAML, '');
      throw new UserError(`${ENVIRONMENTS_DIR}/${e}: environment files are named "<env>.yaml"; rename it to ${base}.yaml${entries.includes(`${base}.yaml`) ? ` (or remove it: ${base}.yaml exists)` : ''}`);
    }
  }
  const names = entries.filter((e) => e.endsWith('.yaml') && (withBrokenLinks || !dangling(path.join(dir, e)))).map((e) => e.slice(0, -'.yaml'.length)).sort();
  if (names.length === 0) throw new UserError(`${ENVIRONMENTS_DIR}: no <env>.yaml files found`);
  return names;
}

function dangling(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink() && !fs.existsSync(file);
  } catch {
    return false;
  }
}

/**
 * Refuses an environment file that is a symbolic link to a file outside the project: synth would
 * then depend on a file Git does not hold (links inside the project are fine: Git keeps both). A
 * link to nothing is named as such. `shown` is the path in messages.
 */
export function assertInsideProject(root: string, file: string, shown: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return; // missing: the reader says so
  }
  if (!stat.isSymbolicLink()) return;
  const link = fs.readlinkSync(file);
  let target: string;
  try {
    target = fs.realpathSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${shown}: is a symbolic link to ${JSON.stringify(link)}, which does not exist; point it at an environment file or remove it`);
    return; // a loop or an unreadable target: the reader names it
  }
  const project = fs.realpathSync(root);
  if (target !== project && !target.startsWith(project + path.sep)) {
    throw new UserError(`${shown}: is a symbolic link to ${JSON.stringify(target)}, outside the project; synth reads only files Git holds: copy the file into ${ENVIRONMENTS_DIR.split(path.sep).join('/')}/`);
  }
}
