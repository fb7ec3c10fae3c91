const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The numeric value of a Kubernetes quantity ("500m" -> 0.5, "1Gi" -> 1073741824). */
export function parseQuantity(q: string): number {
  const m = /^([0-9]*\.?[0-9]+)([a-zA-Z]*)$/.exec(q);
  if (!m || !(m[2] in SUFFIX)) throw new Error(`${JSON.stringify(q)} is not a Kubernetes quantity`);
  return Number(m[1]) * SUFFIX[m[2]];
}

/** Negative, zero or positive as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: string, b: string): number {
  return Math.sign(parseQuantity(a) - parseQuantity(b));
}
