import { globalRegistry } from 'zod/mini';
import type { z } from 'zod/mini';
import { environmentSchema } from './schema';

interface Def {
  readonly type: string;
  readonly innerType?: z.ZodMiniType;
  readonly in?: z.ZodMiniType;
  readonly out?: z.ZodMiniType;
  readonly element?: z.ZodMiniType;
  readonly shape?: Record<string, z.ZodMiniType>;
}

const defOf = (node: z.ZodMiniType): Def => node._zod.def as unknown as Def;

/** The wrappers (optional, default, preprocess) around a schema node, outermost first, then the node. */
function layers(node: z.ZodMiniType): z.ZodMiniType[] {
  const out = [node];
  for (;;) {
    const def = defOf(out[out.length - 1]);
    if (def.innerType) out.push(def.innerType);
    else if (def.type === 'pipe' && def.in && def.out) out.push(defOf(def.in).type === 'transform' ? def.out : def.in);
    else return out;
  }
}

/** The schema node without optional/default/preprocess wrappers. */
export function unwrap(node: z.ZodMiniType): z.ZodMiniType {
  const all = layers(node);
  return all[all.length - 1];
}

/** The node at a path of the environment schema (object keys; numbers index arrays). */
export function schemaAt(path: readonly PropertyKey[], root: z.ZodMiniType = environmentSchema): z.ZodMiniType | undefined {
  let node: z.ZodMiniType = root;
  for (const segment of path) {
    const def = defOf(unwrap(node));
    if (typeof segment === 'number' && def.element) node = def.element;
    else if (typeof segment === 'string' && def.shape?.[segment]) node = def.shape[segment];
    else return undefined;
  }
  return node;
}

/** Keys an object node allows, in schema order. */
export function keysAt(path: readonly PropertyKey[], root?: z.ZodMiniType): string[] {
  const node = schemaAt(path, root);
  const shape = node && defOf(unwrap(node)).shape;
  return shape ? Object.keys(shape) : [];
}

/** The description registered for the node (see schema.ts), on the node or any of its wrappers. */
export function descriptionAt(path: readonly PropertyKey[]): string | undefined {
  const node = schemaAt(path);
  if (!node) return undefined;
  for (const layer of layers(node)) {
    const d = globalRegistry.get(layer)?.description;
    if (d) return d;
  }
  return undefined;
}
