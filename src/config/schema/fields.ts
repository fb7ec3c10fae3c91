import type { z } from 'zod/mini';
import { boolean, globalRegistry, gte, int, lte, maxLength, optional, pipe, record, refine, regex, registry, strictObject, string, superRefine, transform } from 'zod/mini';
import '../zod-config';
import * as f from '../formats';
import { credentialIn } from '../credentials';
import { Shown } from '../shown';

// The field builders of the environment schema: every field says what is allowed, and carries the
// description shown in values.yaml and values.schema.json.

/**
 * JSON Schema keywords (draft-07) for rules zod checks in code (refinements), added to the editor
 * schema of environment files (src/config/json-schema.ts). Kept next to the rule they mirror.
 */
export const jsonSchemaExtras = registry<Record<string, unknown>>();

/** Attaches the description shown in values.yaml and values.schema.json. */
export function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  globalRegistry.add(schema, { description });
  return schema;
}

/** A string field of the given format; `description` is shown in values.yaml and values.schema.json. */
export function str(format: f.Format, description: string) {
  const error = `expected ${format.allowed}`;
  // The length first, and alone when it fails: no pattern ever sees more than maxLength characters.
  const schema = string({ error }).check(
    ...(format.maxLength !== undefined ? [maxLength(format.maxLength, { error, abort: true })] : []),
    regex(format.pattern, { error }),
    ...(format.reject ? [refine((v: unknown) => !f.rejected(format, v as string), { error })] : []),
  );
  // The rejections travel to values.schema.json as "not" rules.
  globalRegistry.add(schema, { description, ...f.rejectionSchema(format) });
  return schema;
}

/** Refuses credential-looking text; the value is not repeated in the message. */
const noCredential = superRefine((v: string, ctx) => {
  const found = credentialIn(v);
  if (found) ctx.addIssue({ code: 'custom', input: Shown.hidden(v), message: `expected no credential in an environment file (found ${found}); keep it in a Secret and reference the Secret` });
});

/** Kubernetes' limit on the total size of an object's annotations (keys and values). */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Total size of annotation maps as Kubernetes counts it (keys and values, in bytes). */
export function annotationBytes(...maps: ReadonlyArray<Readonly<Record<string, string>> | undefined>): number {
  const merged: Record<string, string> = Object.assign({}, ...maps.filter((m) => m !== undefined));
  let total = 0;
  for (const [k, v] of Object.entries(merged)) total += Buffer.byteLength(k) + Buffer.byteLength(v);
  return total;
}

export function port(description: string) {
  const error = 'expected an integer from 1 to 65535';
  return described(int({ error }).check(gte(1, { error }), lte(65535, { error })), description);
}

export function bool(description: string) {
  return described(boolean({ error: 'expected true or false' }), description);
}

/** Quantities are strings in Kubernetes; YAML turns `cpu: 1` into a number, so accept and stringify it. */
export function quantity(description: string) {
  return pipe(
    transform((v: unknown) => (typeof v === 'number' ? String(v) : v)),
    str(f.QUANTITY, description),
  );
}

const LABEL_KEY_ERROR = `expected keys that are ${f.LABEL_KEY.allowed}`;

export function labelKey() {
  return string().check(regex(f.LABEL_KEY.pattern, { error: LABEL_KEY_ERROR }), maxLength(f.LABEL_KEY.maxLength!, { error: LABEL_KEY_ERROR }));
}

export function labels(description: string) {
  return described(
    record(labelKey(), str(f.LABEL_VALUE, 'Label value.').check(noCredential), {
      // A bad key is reported at the record: say what is wrong with the key, not with the map.
      error: (issue) => (issue.code === 'invalid_key' ? LABEL_KEY_ERROR : 'expected a map of label keys to values'),
    }),
    description,
  );
}

export function annotations(description: string) {
  return described(
    record(
      labelKey(),
      string({ error: 'expected a string annotation value (quote numbers and booleans)' }).check(
        maxLength(ANNOTATIONS_MAX_BYTES, { error: `expected at most ${ANNOTATIONS_MAX_BYTES} bytes of annotations (the Kubernetes limit)`, abort: true }),
        noCredential,
      ),
      {
        error: (issue) => (issue.code === 'invalid_key' ? LABEL_KEY_ERROR : 'expected a map of annotation keys to string values'),
      },
    ).check(
      superRefine((m, ctx) => {
        const bytes = annotationBytes(m as Record<string, string>);
        if (bytes > ANNOTATIONS_MAX_BYTES) {
          ctx.addIssue({ code: 'custom', input: new Shown(`annotations of ${bytes} bytes`), message: `expected at most ${ANNOTATIONS_MAX_BYTES} bytes of annotation keys and values in all (the Kubernetes limit)` });
        }
      }),
    ),
    description,
  );
}

export function obj<T extends z.core.$ZodLooseShape>(shape: T, description: string) {
  return described(strictObject(shape, { error: 'expected a map' }), description);
}

/** Label keys the chart sets itself: site labels may not take them over. */
const RESERVED_LABEL_KEY = /^(app\.kubernetes\.io|pod-security\.kubernetes\.io)\//;

export function siteLabels(description: string) {
  return labels(description).check(
    superRefine((m, ctx) => {
      for (const key of Object.keys(m as Record<string, string>)) {
        if (RESERVED_LABEL_KEY.test(key)) {
          ctx.addIssue({ code: 'custom', path: [key], input: key, message: 'expected a key outside app.kubernetes.io/ and pod-security.kubernetes.io/ (the chart sets those)' });
        }
      }
    }),
  );
}

/** A file from a ConfigMap or a Secret, mounted read-only. */
export const fileSource = (description: string, keyDescription: string) =>
  obj(
    {
      configMap: optional(str(f.DNS_SUBDOMAIN, 'Name of the ConfigMap that holds it (created by an operator).')),
      secret: optional(str(f.DNS_SUBDOMAIN, 'Name of the Secret that holds it (created by an operator).')),
      key: str(f.SECRET_KEY, keyDescription),
    },
    description,
  );
