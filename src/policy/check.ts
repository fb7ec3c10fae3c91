import type { KubeObject } from '../synth/manifests';
import { PolicyContext, RULES, Violation } from './rules';

/** A rule an environment relaxes, with the reason (from its `policy.waivers`). */
export interface Waiver {
  readonly rule: string;
  /** `<Kind>/<name>`; omitted: every object. */
  readonly object?: string;
  readonly reason: string;
}

export interface PolicyResult {
  /** Violations no waiver covers: synth fails when there is one. */
  readonly violations: Violation[];
  /** Violations a waiver covers, with its reason, for the report. */
  readonly waived: Array<Violation & { readonly reason: string }>;
  /** Waivers that matched nothing: stale, or a typo in the rule id or object. */
  readonly unusedWaivers: Waiver[];
}

/** Runs every rule over the objects and applies the waivers. */
export function checkPolicy(objects: readonly KubeObject[], ctx: PolicyContext, waivers: readonly Waiver[] = []): PolicyResult {
  const known = new Set(RULES.map((r) => r.id));
  for (const w of waivers) {
    if (!known.has(w.rule)) throw new Error(`policy.waivers: rule ${JSON.stringify(w.rule)} does not exist; expected one of ${[...known].join(', ')}`);
  }
  const violations: Violation[] = [];
  const waived: Array<Violation & { reason: string }> = [];
  const used = new Set<Waiver>();
  for (const rule of RULES) {
    for (const v of rule.check(objects, ctx)) {
      const w = waivers.find((x) => x.rule === v.rule && (x.object === undefined || x.object === v.object));
      if (w) {
        used.add(w);
        waived.push({ ...v, reason: w.reason });
      } else {
        violations.push(v);
      }
    }
  }
  return { violations, waived, unusedWaivers: waivers.filter((w) => !used.has(w)) };
}

/** One line per violation: rule, object, field, what is wrong and how to fix it. */
export function formatViolation(v: Violation): string {
  return `[${v.rule}] ${v.object} ${v.field}: ${v.message}; fix: ${v.fix}`;
}
