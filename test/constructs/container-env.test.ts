import { BUILT_IN_NO_PROXY, containerEnv } from '../../src/constructs/container-env';

const plain = (p: unknown) => JSON.parse(JSON.stringify(p));

describe('containerEnv', () => {
  test('nothing set: no variables', () => {
    expect(containerEnv({})).toEqual([]);
  });

  test('the CA file is named by SSL_CERT_FILE (Go) and AWS_CA_BUNDLE (AWS SDK)', () => {
    expect(containerEnv({ caFile: '/etc/x/ca.crt' })).toEqual([{ name: 'SSL_CERT_FILE', value: '/etc/x/ca.crt' }, { name: 'AWS_CA_BUNDLE', value: '/etc/x/ca.crt' }]);
  });

  test('the proxy: HTTP_PROXY, HTTPS_PROXY, and NO_PROXY with the built-in entries first, each once', () => {
    const env = containerEnv({ proxy: { http: 'http://p1.example:3128', https: 'https://p2.example:8443', noProxy: ['10.100.0.0/16', '.svc', '.corp.example'] } });
    expect(env).toEqual([
      { name: 'HTTP_PROXY', value: 'http://p1.example:3128' },
      { name: 'HTTPS_PROXY', value: 'https://p2.example:8443' },
      { name: 'NO_PROXY', value: 'localhost,127.0.0.1,::1,169.254.169.254,169.254.170.23,fd00:ec2::254,fd00:ec2::23,.svc,.cluster.local,10.100.0.0/16,.corp.example' },
    ]);
    expect(BUILT_IN_NO_PROXY).toContain('169.254.170.23');
  });

  test('only an https proxy: no HTTP_PROXY', () => {
    expect(containerEnv({ proxy: { https: 'http://p.example:3128' } }).map((e) => e.name)).toEqual(['HTTPS_PROXY', 'NO_PROXY']);
  });

  test('site variables come last: literal, Secret key, ConfigMap key', () => {
    const env = plain(containerEnv({
      caFile: '/c',
      env: [{ name: 'LOG_LEVEL', value: '4' }, { name: 'DD_API', secretKeyRef: { name: 'dd', key: 'api' } }, { name: 'REGION_HINT', configMapKeyRef: { name: 'site', key: 'region' } }],
    }));
    expect(env.slice(2)).toEqual([
      { name: 'LOG_LEVEL', value: '4' },
      { name: 'DD_API', valueFrom: { secretKeyRef: { name: 'dd', key: 'api' } } },
      { name: 'REGION_HINT', valueFrom: { configMapKeyRef: { name: 'site', key: 'region' } } },
    ]);
  });

  test.each([
    [{ env: [{ name: 'A-B', value: '1' }] }, 'FlyteBinary pod.env[0].name: "A-B" is not allowed'],
    [{ env: [{ name: 'HTTPS_PROXY', value: 'http://x:1' }] }, 'FlyteBinary pod.env[0]: expected a name the chart does not set (HTTPS_PROXY is set by proxy.https)'],
    [{ env: [{ name: 'DB_PASSWORD', value: 'x' }] }, 'FlyteBinary pod.env[0]: expected no credential in an environment file'],
    [{ env: [{ name: 'A', secretKeyRef: { name: 'Bad_Name', key: 'k' } }] }, 'FlyteBinary pod.env[0] reference name: "Bad_Name" is not allowed'],
    [{ proxy: {} }, 'FlyteBinary proxy: expected http, https or both'],
    [{ proxy: { https: 'socks5://p:1080' } }, 'FlyteBinary proxy.https: "socks5://p:1080" is not allowed'],
    [{ proxy: { https: 'http://p:1', noProxy: ['a b'] } }, 'FlyteBinary proxy.noProxy[0]: "a b" is not allowed'],
  ])('refuses %j', (props, message) => {
    expect(() => containerEnv(props as any)).toThrow(message);
  });
});
