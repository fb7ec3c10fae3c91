import { proxyIssues } from '../../../src/config/schema/proxy';

describe('proxyIssues', () => {
  test('a proxy block needs http, https or both', () => {
    const proxy = { noProxy: ['.corp.example'] };
    expect(proxyIssues(proxy)).toEqual([{ path: ['proxy'], input: proxy, message: 'expected http, https or both' }]);
    expect(proxyIssues({ http: 'http://proxy.corp.example:3128', noProxy: [] })).toEqual([]);
    expect(proxyIssues({ https: 'http://proxy.corp.example:3128', noProxy: [] })).toEqual([]);
    expect(proxyIssues(undefined)).toEqual([]);
  });
});
