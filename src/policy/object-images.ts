import { CORE_SCHEMA, load } from 'js-yaml';
import type { KubeObject } from '../synth/manifests';
import { podSpecs } from './pod-specs';
import { id } from './rule';

const configImagesOf = new WeakMap<KubeObject, Array<{ field: string; image: string }>>();

/** Every `image:` value inside the YAML files of a ConfigMap (Flyte's co-pilot image lives there). */
export function configImages(o: KubeObject): Array<{ field: string; image: string }> {
  const known = configImagesOf.get(o);
  if (known) return known;
  const out: Array<{ field: string; image: string }> = [];
  configImagesOf.set(o, out);
  for (const [file, text] of Object.entries(((o as any).data ?? {}) as Record<string, string>)) {
    // Parse only files that can hold an image reference.
    if (!/\.ya?ml$/.test(file) || !text.includes('image')) continue;
    let doc: unknown;
    try {
      doc = load(text, { schema: CORE_SCHEMA });
    } catch {
      continue;
    }
    const walk = (v: unknown, path: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'image' && typeof x === 'string') out.push({ field: `data.${file}:${path}${path ? '.' : ''}image`, image: x });
          else walk(x, `${path}${path ? '.' : ''}${k}`);
        }
      }
    };
    walk(doc, '');
  }
  return out;
}

/** Every image reference in the objects: containers, then images inside ConfigMap config files. */
export function allImages(objects: readonly KubeObject[]): Array<{ object: string; field: string; image: string }> {
  const out: Array<{ object: string; field: string; image: string }> = [];
  for (const pod of podSpecs(objects)) for (const { c, path } of pod.containers) out.push({ object: id(pod.object), field: `${path}.image`, image: c.image ?? '' });
  for (const o of objects.filter((x) => x.kind === 'ConfigMap')) for (const i of configImages(o)) out.push({ object: id(o), ...i });
  return out;
}

/** Tag of a reference: undefined when untagged. The registry port's colon is not a tag. */
export function tagOf(image: string): string | undefined {
  const name = image.split('@')[0];
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return colon > lastSlash ? name.slice(colon + 1) : undefined;
}
