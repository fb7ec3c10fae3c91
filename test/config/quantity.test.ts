import { compareQuantities, parseQuantity } from '../../src/config/quantity';

describe('parseQuantity', () => {
  // Kubernetes quantities: decimal SI suffixes are powers of 1000, binary ones powers of 1024.
  test.each([
    ['1', 1],
    ['0', 0],
    ['500m', 0.5],
    ['250m', 0.25],
    ['2', 2],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1k', 1000],
    ['1M', 1_000_000],
    ['1G', 1_000_000_000],
    ['1T', 1e12],
    ['1P', 1e15],
    ['1E', 1e18],
    ['1Ki', 1024],
    ['1Mi', 1024 * 1024],
    ['768Mi', 768 * 1024 * 1024],
    ['1Gi', 1024 ** 3],
    ['1.5Gi', 1.5 * 1024 ** 3],
    ['1Ti', 1024 ** 4],
    ['1Pi', 1024 ** 5],
    ['1Ei', 1024 ** 6],
  ])('%s is %d', (q, value) => {
    expect(parseQuantity(q)).toBe(value);
  });

  test.each(['', 'abc', '1 Gi', '1gi', '1GB', '1Kb', '-1', '+1', '1e3', 'Gi', '1..5', '1.5.5', ' 1'])('%j is not a quantity', (q) => {
    expect(() => parseQuantity(q)).toThrow(`${JSON.stringify(q)} is not a Kubernetes quantity`);
  });
});

describe('compareQuantities', () => {
  test.each([
    ['1Gi', '1000Mi', 1],
    ['1000Mi', '1Gi', -1],
    ['1Gi', '1024Mi', 0],
    ['1G', '1Gi', -1],
    ['1000M', '1G', 0],
    ['500m', '1', -1],
    ['1', '500m', 1],
    ['1000m', '1', 0],
    ['1500m', '2', -1],
    ['0.5', '500m', 0],
    ['3', '3000m', 0],
    ['3Gi', '768Mi', 1],
    ['1Ki', '1k', 1],
    ['1024', '1Ki', 0],
    ['64201m', '64202m', -1],
  ])('%s vs %s is %d', (a, b, sign) => {
    expect(compareQuantities(a, b)).toBe(sign);
  });

  // Equal quantities written in different units are equal, not off by a rounding error.
  test.each([
    ['700m', '0.7'],
    ['9m', '0.009'],
    ['100m', '0.1'],
    ['1100m', '1.1'],
    ['1126.4Mi', '1.1Gi'],
    ['0.3', '300m'],
    ['2.3G', '2300M'],
  ])('%s equals %s', (a, b) => {
    expect(compareQuantities(a, b)).toBe(0);
    expect(compareQuantities(b, a)).toBe(0);
  });

  test('the smallest step of a unit still counts', () => {
    expect(compareQuantities('1001m', '1')).toBe(1);
    expect(compareQuantities('1023Mi', '1Gi')).toBe(-1);
    expect(compareQuantities('999999999999999m', '1T')).toBe(-1);
    expect(compareQuantities('1000000000000001m', '1T')).toBe(1);
  });

  test('throws for an invalid quantity on either side', () => {
    expect(() => compareQuantities('1 Gi', '1Gi')).toThrow('"1 Gi" is not a Kubernetes quantity');
    expect(() => compareQuantities('1Gi', 'lots')).toThrow('"lots" is not a Kubernetes quantity');
  });
});
