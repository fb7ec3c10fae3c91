import { Construct } from 'constructs';
import { BUILT_IN_NO_PROXY, containerEnv, taskPodEnv } from '../../../src/constructs/pod/container-env';
import { goProxiedRequests } from '../../go-proxy';
import { freePort } from '../../helpers';

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
      { name: 'NO_PROXY', value: 'localhost,127.0.0.1,::1,0.0.0.0,169.254.169.254,169.254.170.23,fd00:ec2::254,fd00:ec2::23,.svc,.cluster.local,10.100.0.0/16,.corp.example' },
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
    [{ env: [{ name: 'A-B', value: '1' }] }, 'pod.env[0].name: "A-B" is not allowed'],
    [{ env: [{ name: 'HTTPS_PROXY', value: 'http://x:1' }] }, 'pod.env[0]: expected a name the chart does not set (HTTPS_PROXY is set by proxy.https)'],
    [{ env: [{ name: 'DB_PASSWORD', value: 'x' }] }, 'pod.env[0]: expected no credential in an environment file'],
    [{ env: [{ name: 'A', secretKeyRef: { name: 'Bad_Name', key: 'k' } }] }, 'pod.env[0] reference name: "Bad_Name" is not allowed'],
    [{ proxy: {} }, 'proxy: expected http, https or both'],
    [{ proxy: { https: 'socks5://p:1080' } }, 'proxy.https: "socks5://p:1080" is not allowed'],
    [{ proxy: { https: 'http://p:1', noProxy: ['a b'] } }, 'proxy.noProxy[0]: "a b" is not allowed'],
  ])('refuses %j', (props, message) => {
    expect(() => containerEnv(props as any)).toThrow(message);
  });
});

describe('taskPodEnv', () => {
  test('nothing set: nothing', () => {
    expect(taskPodEnv({})).toEqual([]);
  });

  test('the S3 endpoint as FLYTE_AWS_ENDPOINT, the proxy in both spellings with the binary\'s NO_PROXY, the CA file for OpenSSL, botocore and requests', () => {
    const env = taskPodEnv({ storageEndpoint: 'https://bucket.vpce-1.s3.eu-west-3.vpce.amazonaws.com', proxy: { https: 'http://p.t:3128', http: 'http://p.t:8080', noProxy: ['.corp.t'] }, caFile: '/etc/ssl/flyte-ca/ca-bundle.crt' });
    const noProxy = containerEnv({ proxy: { https: 'http://p.t:3128', noProxy: ['.corp.t'] } }).find((e) => e.name === 'NO_PROXY')!.value;
    expect(noProxy).toMatch(/^localhost,.*,\.corp\.t$/);
    expect(env).toEqual([
      { name: 'FLYTE_AWS_ENDPOINT', value: 'https://bucket.vpce-1.s3.eu-west-3.vpce.amazonaws.com' },
      { name: 'HTTP_PROXY', value: 'http://p.t:8080' },
      { name: 'http_proxy', value: 'http://p.t:8080' },
      { name: 'HTTPS_PROXY', value: 'http://p.t:3128' },
      { name: 'https_proxy', value: 'http://p.t:3128' },
      { name: 'NO_PROXY', value: noProxy },
      { name: 'no_proxy', value: noProxy },
      { name: 'SSL_CERT_FILE', value: '/etc/ssl/flyte-ca/ca-bundle.crt' },
      { name: 'AWS_CA_BUNDLE', value: '/etc/ssl/flyte-ca/ca-bundle.crt' },
      { name: 'REQUESTS_CA_BUNDLE', value: '/etc/ssl/flyte-ca/ca-bundle.crt' },
    ]);
    expect(taskPodEnv({ proxy: { https: 'http://p.t:3128' } }).map((e) => e.name)).toEqual(['HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']);
    expect(() => taskPodEnv({ proxy: {} })).toThrow('proxy: expected http, https or both');
  });

  test('the site\'s variables come after the chart\'s, as given', () => {
    const env = taskPodEnv({ storageEndpoint: 'https://s3.t', env: [{ name: 'PIP_INDEX_URL', value: 'https://pypi.t/simple' }, { name: 'hf_hub_offline', value: '1' }] });
    expect(env).toEqual([{ name: 'FLYTE_AWS_ENDPOINT', value: 'https://s3.t' }, { name: 'PIP_INDEX_URL', value: 'https://pypi.t/simple' }, { name: 'hf_hub_offline', value: '1' }]);
  });

  test.each([
    [[{ name: 'A-B', value: '1' }], 'Env/FlyteBinary: tasks.env[0].name: "A-B" is not allowed; expected an environment variable name'],
    [[{ name: 'A', value: 1 }], 'Env/FlyteBinary: tasks.env[0].value: 1 is not allowed; expected a string'],
    [[{ name: 'A', value: '1' }, { name: 'A', value: '2' }], 'Env/FlyteBinary: tasks.env[1].name: expected each name once'],
    [[{ name: 'Flyte_Aws_Endpoint', value: 'x' }], 'Env/FlyteBinary: tasks.env[0].name: expected a name the chart does not set in task pods (Flyte_Aws_Endpoint is set by storage.endpoint)'],
    [[{ name: 'FLYTE_ATTEMPT_NUMBER', value: '0' }], 'Env/FlyteBinary: tasks.env[0].name: expected a name Flyte does not set'],
    [[{ name: 'HF_TOKEN', value: 'hf1' }], 'Env/FlyteBinary: tasks.env[0].value: expected no credential in an environment file'],
  ])('refuses %j, naming the construct and the field', (env, message) => {
    const scope = new Construct(new Construct(undefined as any, 'Env'), 'FlyteBinary');
    expect(() => taskPodEnv({ env: env as any }, scope)).toThrow(message);
  });
});

/**
 * Go's own proxy decision (test/go-proxy.ts). Flyte's HTTP gateway dials its gRPC port as
 * 0.0.0.0:8089 (flyteadmin/pkg/config/config.go GetGrpcHostAddress).
 */
describe('NO_PROXY under Go\'s proxy rules', () => {
  const proxiedRequests = async (noProxy: string) => goProxiedRequests('0.0.0.0', await freePort(), { NO_PROXY: noProxy });
  const noProxyOf = (env: ReturnType<typeof containerEnv>) => env.find((e) => e.name === 'NO_PROXY')!.value!;

  test('the gateway\'s dial of 0.0.0.0 goes straight to the gRPC port, not to the proxy', async () => {
    const noProxy = noProxyOf(containerEnv({ proxy: { https: 'http://proxy.corp.example:3128', noProxy: ['10.100.0.0/16'] } }));
    expect(await proxiedRequests(noProxy)).toEqual([]);
  });

  test('the same rules send 0.0.0.0 to the proxy when NO_PROXY lacks it (the answer is Go\'s, not ours)', async () => {
    const without = noProxyOf(containerEnv({ proxy: { https: 'http://proxy.corp.example:3128' } })).split(',').filter((e) => e !== '0.0.0.0').join(',');
    expect((await proxiedRequests(without))[0]).toMatch(/^CONNECT 0\.0\.0\.0:\d+ HTTP\/1\.1$/);
  });
});
