import { credentialIn } from '../../config/credentials';
import type { KubeObject } from '../../synth/manifests';
import { podSpecs } from '../pod-specs';
import { id, Rule, Violation } from '../rule';

const CREDENTIAL_KEY = /(password|passwd|pwd|token|api[-_]?key|secret[-_]?key|access[-_]?key|private[-_]?key|client[-_]?secret|credentials?)$/i;
const CREDENTIAL_VALUE = { test: (v: string) => credentialIn(v) !== undefined };
// In YAML files the keys are checked one by one (CREDENTIAL_KEY), so assignments are left to that.
const CREDENTIAL_IN_FILE = { test: (v: string) => credentialIn(v, { assignments: false }) !== undefined };

export const plaintextCredential: Rule = {
  id: 'plaintext-credential',
  description: 'No credential-looking value in ConfigMaps, container environment variables, annotations or labels.',
  check: (objects) => {
    const out: Violation[] = [];
    const flag = (o: KubeObject, field: string, what: string) =>
      out.push({ rule: 'plaintext-credential', object: id(o), field, message: `${what} looks like a plaintext credential`, fix: 'put the value in a Secret and reference it (passwordPath, secretKeyRef)' });
    for (const o of objects.filter((x) => x.kind === 'ConfigMap')) {
      for (const [file, text] of Object.entries(((o as any).data ?? {}) as Record<string, string>)) {
        if (CREDENTIAL_KEY.test(file) || CREDENTIAL_IN_FILE.test(text)) flag(o, `data.${file}`, `data ${file}`);
        else if (/\.ya?ml$/.test(file)) {
          for (const line of text.split('\n')) {
            const m = /^\s*([\w.-]+):\s*(\S.*)$/.exec(line);
            if (m && CREDENTIAL_KEY.test(m[1])) flag(o, `data.${file}:${m[1]}`, `key ${m[1]}`);
          }
        }
      }
    }
    for (const o of objects) {
      for (const where of ['annotations', 'labels'] as const) {
        for (const [k, v] of Object.entries((o.metadata?.[where] ?? {}) as Record<string, string>)) {
          if (typeof v === 'string' && CREDENTIAL_VALUE.test(v)) flag(o, `metadata.${where}[${k}]`, `${where === 'labels' ? 'label' : 'annotation'} ${k}`);
        }
      }
    }
    for (const pod of podSpecs(objects)) {
      const template = pod.templateMetadata;
      for (const where of template ? (['annotations', 'labels'] as const) : []) {
        for (const [k, v] of Object.entries((template!.metadata[where] ?? {}) as Record<string, string>)) {
          if (typeof v === 'string' && CREDENTIAL_VALUE.test(v)) flag(pod.object, `${template!.path}.${where}[${k}]`, `pod ${where === 'labels' ? 'label' : 'annotation'} ${k}`);
        }
      }
      for (const { c, path } of pod.containers) {
        for (const e of c.env ?? []) {
          if (e.value !== undefined && (CREDENTIAL_KEY.test(e.name) || CREDENTIAL_VALUE.test(e.value))) flag(pod.object, `${path}.env[${e.name}]`, `variable ${e.name}`);
        }
      }
    }
    return out;
  },
};
