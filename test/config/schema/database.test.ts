import { environmentSchema } from '../../../src/config/schema';
import { messageOf, validInput } from '../../helpers';

const clone = <T>(v: T): any => JSON.parse(JSON.stringify(v));
const issuesOf = (input: unknown) => {
  const r = environmentSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('environmentSchema cross-field rules', () => {
  test('source "externalSecret" needs an externalSecret block', () => {
    const input = clone(validInput());
    input.database.passwordSecret.source = 'externalSecret';
    expect(issuesOf(input)).toEqual([
      { path: 'database.passwordSecret.externalSecret', message: 'expected storeName, remoteKey (and optionally storeKind, property, refreshInterval) when source is "externalSecret"' },
    ]);
    expect(messageOf(input)).toBe('test.yaml: database.passwordSecret.externalSecret: is missing; expected storeName, remoteKey (and optionally storeKind, property, refreshInterval) when source is "externalSecret"');
  });

  test('an externalSecret block needs source "externalSecret", given or defaulted', () => {
    for (const source of [undefined, 'existingSecret']) {
      const input = clone(validInput());
      input.database.passwordSecret.externalSecret = { storeName: 'store', remoteKey: 'k' };
      if (source) input.database.passwordSecret.source = source;
      expect(issuesOf(input)).toEqual([
        { path: 'database.passwordSecret.source', message: 'expected "externalSecret" when an externalSecret block is given (or remove the block)' },
      ]);
      expect(messageOf(input)).toBe('test.yaml: database.passwordSecret.source: "existingSecret" is not allowed; expected "externalSecret" when an externalSecret block is given (or remove the block)');
    }
  });

  test('source and block together are accepted', () => {
    const input = clone(validInput());
    input.database.passwordSecret = { ...input.database.passwordSecret, source: 'externalSecret', externalSecret: { storeName: 'store', remoteKey: 'k', storeKind: 'SecretStore', property: 'password' } };
    expect(issuesOf(input)).toEqual([]);
  });
});
