import * as f from '../../../src/config/formats';
import { environmentSchema } from '../../../src/config/schema';
import { validInput } from '../../helpers';

const clone = <T>(v: T): any => JSON.parse(JSON.stringify(v));
const issuesOf = (input: unknown) => {
  const r = environmentSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('environmentSchema cross-field rules', () => {
  test.each([
    ['cpu', '4', '3', 'resources.requests.cpu', 'expected at most the limit (3)'],
    ['cpu', '3001m', '3', 'resources.requests.cpu', 'expected at most the limit (3)'],
    ['memory', '4Gi', '3Gi', 'resources.requests.memory', 'expected at most the limit (3Gi)'],
    ['memory', '3073Mi', '3Gi', 'resources.requests.memory', 'expected at most the limit (3Gi)'],
  ])('%s: a request of %s above the limit %s is refused at the request', (kind, request, limit, path, message) => {
    const input = clone(validInput());
    input.resources.requests[kind] = request;
    input.resources.limits[kind] = limit;
    expect(issuesOf(input)).toEqual([{ path, message }]);
  });

  test('each kind is compared on its own: a high CPU request is not excused by a high memory limit', () => {
    const input = clone(validInput());
    input.resources = { requests: { cpu: '2', memory: '1Mi' }, limits: { cpu: '1', memory: '64Gi' } };
    expect(issuesOf(input).map((i) => i.path)).toEqual(['resources.requests.cpu']);
    input.resources = { requests: { cpu: '2', memory: '2Gi' }, limits: { cpu: '1', memory: '1Gi' } };
    expect(issuesOf(input).map((i) => i.path)).toEqual(['resources.requests.cpu', 'resources.requests.memory']);
  });

  test.each([
    ['1', '1000m'],
    ['1Gi', '1024Mi'],
    ['700m', '0.7'],
    ['100m', '0.1'],
  ])('a request equal to the limit in another unit (%s, %s) is accepted', (request, limit) => {
    const input = clone(validInput());
    input.resources = { requests: { cpu: request.endsWith('i') ? '1' : request, memory: request.endsWith('i') ? request : '1Gi' }, limits: { cpu: limit.endsWith('i') ? '1' : limit, memory: limit.endsWith('i') ? limit : '1Gi' } };
    expect(issuesOf(input)).toEqual([]);
  });

  test('a malformed quantity is reported at its own field only', () => {
    const input = clone(validInput());
    input.resources.limits.memory = '2 GB';
    expect(issuesOf(input)).toEqual([{ path: 'resources.limits.memory', message: `expected ${f.QUANTITY.allowed}` }]);
  });
});
