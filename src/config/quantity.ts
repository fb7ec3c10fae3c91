const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** Each suffix as base ** exponent, for exact arithmetic. */
const EXACT: Record<string, readonly [bigint, number]> = {
  '': [10n, 0], m: [10n, -3], k: [10n, 3], M: [10n, 6], G: [10n, 9], T: [10n, 12], P: [10n, 15], E: [10n, 18],
  Ki: [2n, 10], Mi: [2n, 20], Gi: [2n, 30], Ti: [2n, 40], Pi: [2n, 50], Ei: [2n, 60],
};

// One way to split each number ("12.5", "12", ".5"): linear, whatever the input.
const QUANTITY = /^([0-9]+(?:\.[0-9]+)?|\.[0-9]+)([a-zA-Z]*)$/;

/** The numeric value of a Kubernetes quantity ("500m" -> 0.5, "1Gi" -> 1073741824). */
export function parseQuantity(q: string): number {
  const m = QUANTITY.exec(q);
  if (!m || !(m[2] in SUFFIX)) throw new Error(`${JSON.stringify(q)} is not a Kubernetes quantity`);
  return Number(m[1]) * SUFFIX[m[2]];
}

/** The value as an exact fraction: in floating point "700m" and "0.7" differ. */
function fraction(q: string): { num: bigint; den: bigint } {
  parseQuantity(q);
  const [, number, suffix] = QUANTITY.exec(q)!;
  const [int, frac = ''] = number.split('.');
  let num = BigInt(`${int}${frac}` || '0');
  let den = 10n ** BigInt(frac.length);
  const [base, exponent] = EXACT[suffix];
  if (exponent >= 0) num *= base ** BigInt(exponent);
  else den *= base ** BigInt(-exponent);
  return { num, den };
}

/** Negative, zero or positive as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: string, b: string): number {
  const x = fraction(a);
  const y = fraction(b);
  const diff = x.num * y.den - y.num * x.den;
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}
