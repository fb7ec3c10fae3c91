import { secretSourceIssues } from '../../../src/config/schema/secret-source';

describe('secretSourceIssues', () => {
  const at = ['auth', 'oidc', 'clientSecret'];

  test('a synced secret without its block is refused at the block', () => {
    expect(secretSourceIssues(at, { source: 'externalSecret' })).toEqual([
      { path: ['auth', 'oidc', 'clientSecret', 'externalSecret'], input: undefined, message: 'expected storeName, remoteKey (and optionally storeKind, property, refreshInterval) when source is "externalSecret"' },
    ]);
  });

  test('a block with an existing Secret is refused at the source, which is shown', () => {
    expect(secretSourceIssues(['database', 'passwordSecret'], { source: 'existingSecret', externalSecret: { storeName: 's' } })).toEqual([
      { path: ['database', 'passwordSecret', 'source'], input: 'existingSecret', message: 'expected "externalSecret" when an externalSecret block is given (or remove the block)' },
    ]);
  });

  test('source and block that agree give nothing', () => {
    expect(secretSourceIssues(at, { source: 'existingSecret' })).toEqual([]);
    expect(secretSourceIssues(at, { source: 'externalSecret', externalSecret: { storeName: 's' } })).toEqual([]);
  });
});
