import type { z } from 'zod';
import { environmentSchema } from './schema';

interface Def {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly out?: z.ZodType;
  readonly element?: z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
}

const defOf = (node: z.ZodType): Def => (node as unknown as { def: Def }).def;

/** The wrappers (optional, default, preprocess) around a schema node, outermost first, then the node. */
function layers(node: z.ZodType): z.ZodType[] {
  const out = [node];
  for (;;) {
    const def = defOf(out[out.length - 1]);
    if (def.innerType) out.push(def.innerType);
    else if (def.type === 'pipe' && def.in && def.out) out.push(defOf(def.in).type === 'transform' ? def.out : def.in);
    else return out;
  }
}

/** The schema node without optional/default/preprocess wrappers. */
export function unwrap(node: z.ZodType): z.ZodType {
  const all = layers(node);
  return all[all.length - 1];
}

/** The node at a path of the environment schema (object keys; numbers index arrays). */
export function schemaAt(path: readonly PropertyKey[], root: z.ZodType = environmentSchema): z.ZodType | undefined {
  let node: z.ZodType = root;
  for (const segment of path) {
    const def = defOf(unwrap(node));
    if (typeof segment === 'number' && def.element) node = def.element;
    else if (typeof segment === 'string' && def.shape?.[segment]) node = def.shape[segment];
    else return undefined;
  }
  return node;
}

/** Keys an object node allows, in schema order. */
export function keysAt(path: readonly PropertyKey[], root?: z.ZodType): string[] {
  const node = schemaAt(path, root);
  const shape = node && defOf(unwrap(node)).shape;
  return shape ? Object.keys(shape) : [];
}

/** The description given with `.meta({ description })`, on the node or any of its wrappers. */
export function descriptionAt(path: readonly PropertyKey[]): string | undefined {
  const node = schemaAt(path);
  if (!node) return undefined;
  for (const layer of layers(node)) {
    const d = (layer as unknown as { meta(): { description?: string } | undefined }).meta()?.description;
    if (d) return d;
  }
  return undefined;
}
