import { UserError } from '../errors';
import { MAX_INPUT_BYTES } from './read-input';

/** Most values (maps, lists and scalars) a parsed input may hold; real environments have a few hundred. */
export const MAX_VALUES = 20_000;

/**
 * Most characters of keys and strings a parsed input may hold, aliases expanded: what the largest
 * file read (MAX_INPUT_BYTES) could hold written out. Kubernetes would refuse more in any one object
 * (1 MiB of ConfigMap data, 256 KiB of annotations).
 */
export const MAX_EXPANDED_CHARS = MAX_INPUT_BYTES;

/**
 * Walks a parsed YAML document once, before validation, and refuses what validation would
 * choke on or misreport:
 * - more than MAX_VALUES values or MAX_EXPANDED_CHARS characters once aliases are expanded (YAML
 *   aliases share one parsed object, so a small file of nested aliases stands for billions of
 *   values or gigabytes of text: the "billion laughs");
 * - a merge key `<<`, which YAML 1.2 (what environment files are read as) does not have: its
 *   keys would be missing, reported as "is missing" far from the cause.
 * `anchors` says whether the file defines any anchor, so that a long list written out is not
 * called an alias bomb.
 */
export function assertPlainTree(file: string, data: unknown, anchors: boolean): void {
  let count = 0;
  let chars = 0;
  let shared = anchors;
  const seen = new Set<object>();
  const stack: Array<{ v: unknown; path: string }> = [{ v: data, path: '' }];
  const expanded = () => (shared ? ' once YAML aliases are expanded' : '');
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (++count > MAX_VALUES) {
      throw new UserError(
        shared
          ? `${file}: holds more than ${MAX_VALUES} values${expanded()}; write the settings out (an alias bomb is refused)`
          : `${file}: holds more than ${MAX_VALUES} values; an environment has a few hundred: remove repeated entries`,
      );
    }
    if (typeof v === 'string') chars += v.length;
    else if (v !== null && typeof v === 'object') {
      if (seen.has(v)) shared = true;
      seen.add(v);
      const list = Array.isArray(v);
      for (const [k, x] of Object.entries(v)) {
        const at = path ? `${path}.${k}` : k;
        if (!list) {
          chars += k.length;
          if (k === '<<') throw new UserError(`${file}: ${at}: a YAML merge key; environment files are YAML 1.2, which has none: write the keys out`);
        }
        stack.push({ v: x, path: at });
      }
    }
    if (chars > MAX_EXPANDED_CHARS) {
      throw new UserError(`${file}: holds more than ${MAX_EXPANDED_CHARS} characters of keys and strings${expanded()}; write the settings out (an input this large is not an environment)`);
    }
  }
}
