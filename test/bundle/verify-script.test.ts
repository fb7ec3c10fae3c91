import * as fs from 'fs';
import * as path from 'path';
import { bundleFiles } from '../../src/bundle/bundle';
import { verifyScript, VerifyScriptProps } from '../../src/bundle/verify-script';
import { freePort } from '../helpers';
import { bundleInputs, ENV_A, ensureTools, kubeconfig, lines, removeTmpDirs, runScript, shellcheck, tmpDir, unpack } from './fixture';

let dir: string;
let script: string;

beforeAll(async () => {
  ensureTools();
  const a = await bundleInputs('alpha', ENV_A, '9.8.1');
  const files = await bundleFiles(a.model, a.envFiles, { version: '9.8.1' });
  script = String(files.find((f) => f.path === 'scripts/verify.sh')!.content);
  dir = unpack(Buffer.from(files.find((f) => f.path.endsWith('.tar.gz'))!.content), 'enterprise-flyte-alpha-9.8.1');
});
afterAll(removeTmpDirs);

function env(extra: NodeJS.ProcessEnv = {}, kube: { current?: string; server?: string } = {}): NodeJS.ProcessEnv {
  const home = tmpDir('ef-home-');
  return { HOME: home, KUBECONFIG: kubeconfig(home, kube), ...extra };
}
function verify(args: string[], e: NodeJS.ProcessEnv, folder = dir) {
  return runScript(path.join(folder, 'verify.sh'), args, e);
}
function plan(stdout: string): string[] {
  const all = lines(stdout);
  const start = all.indexOf('[3/7] plan (dry run: these commands are printed, not run):');
  if (start < 0) throw new Error(`no plan in:\n${stdout}`);
  return all.slice(start + 1);
}

describe('verify.sh', () => {
  test('passes shellcheck', () => {
    const file = path.join(tmpDir(), 'verify.sh');
    fs.writeFileSync(file, script);
    const r = shellcheck(file);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  test('is the bundled verify.sh, executable', () => {
    expect(fs.readFileSync(path.join(dir, 'verify.sh'), 'utf8')).toBe(script);
    expect(fs.statSync(path.join(dir, 'verify.sh')).mode & 0o777).toBe(0o755);
  });

  test('--dry-run checks the tools and the context, then prints the exact plan', () => {
    const r = verify(['--dry-run', '--context', 'ctx-a'], env());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(lines(r.stdout).slice(0, 3)).toEqual([
      'verify.sh: environment alpha, bundle 9.8.1: namespace ns-a (dry run)',
      '[1/7] tools: kubectl, curl',
      '[2/7] kubectl context: ctx-a',
    ]);
    // The upstream chart's selector labels; the Services http, grpc and webhook; ports 8088 and 8089;
    // the REST gateway; a gRPC health check over HTTP/2 without TLS.
    expect(plan(r.stdout)).toEqual([
      'kubectl wait --for=condition=Ready pod -l app.kubernetes.io/component=flyte-binary,app.kubernetes.io/instance=rel-a,app.kubernetes.io/name=flyte-binary -n ns-a --timeout 5m',
      'kubectl get service rel-a-flyte-binary-http -n ns-a',
      'kubectl get service rel-a-flyte-binary-grpc -n ns-a',
      'kubectl get service rel-a-flyte-binary-webhook -n ns-a',
      'kubectl port-forward svc/rel-a-flyte-binary-http 18088:8088 -n ns-a &',
      'curl -fsS --max-time 5 http://127.0.0.1:18088/healthcheck',
      "curl -sS --max-time 10 -w \\\\n%\\{http_code\\} http://127.0.0.1:18088/api/v1/projects",
      'kubectl port-forward svc/rel-a-flyte-binary-grpc 18089:8089 -n ns-a &',
      "printf \\\\000\\\\000\\\\000\\\\000\\\\000 | curl -sS --http2-prior-knowledge --max-time 5 -X POST -H content-type:\\ application/grpc -H te:\\ trailers --data-binary @- -D - -o /dev/null http://127.0.0.1:18089/grpc.health.v1.Health/Check",
      'verify.sh: dry run passed every check; nothing was queried',
    ]);
  });

  test('--timeout and --local-port reach the commands', () => {
    const r = verify(['--dry-run', '--context=ctx-a', '--timeout=90s', '--local-port', '28099'], env());
    expect(r.status).toBe(0);
    const p = plan(r.stdout);
    expect(p[0]).toMatch(/ --timeout 90s$/);
    expect(p).toContain('kubectl port-forward svc/rel-a-flyte-binary-http 28099:8088 -n ns-a &');
    expect(p).toContain('curl -fsS --max-time 5 http://127.0.0.1:28099/healthcheck');
    expect(p.find((l) => l.includes('/api/v1/projects'))).toMatch(/ http:\/\/127\.0\.0\.1:28099\/api\/v1\/projects$/);
    const g = verify(['--dry-run', '--context=ctx-a', '--local-grpc-port=28100'], env());
    expect(plan(g.stdout)).toContain('kubectl port-forward svc/rel-a-flyte-binary-grpc 28100:8089 -n ns-a &');
    expect(plan(g.stdout).find((l) => l.includes('Health/Check'))).toMatch(/ http:\/\/127\.0\.0\.1:28100\/grpc\.health\.v1\.Health\/Check$/);
  });

  test.each([
    [['--local-port', '0'], 'verify.sh: --local-port: "0" is not a port; expected a number from 1 to 65535\n'],
    [['--local-port', '65536'], 'verify.sh: --local-port: "65536" is not a port; expected a number from 1 to 65535\n'],
    [['--local-grpc-port', 'x'], 'verify.sh: --local-grpc-port: "x" is not a port; expected a number from 1 to 65535\n'],
    [['--local-grpc-port', '18088'], 'verify.sh: --local-grpc-port: "18088" is also the HTTP port-forward\'s; expected another port\n'],
    [['--timeout', '5'], 'verify.sh: --timeout: "5" is not a duration; expected one such as 5m, 90s or 1h30m\n'],
    [['--nope'], 'verify.sh: unknown option --nope; see ./verify.sh --help\n'],
    [[], 'verify.sh: --context NAME is required: environment alpha names no EKS cluster (eks.cluster), so name the kubectl context of the target cluster\n'],
  ])('%j is a usage error (exit 2)', (args, message) => {
    const r = verify(args.length === 0 ? ['--dry-run'] : ['--dry-run', '--context', 'ctx-a', ...args], env());
    expect(r.stderr).toBe(message);
    expect(r.status).toBe(2);
  });

  test('refuses without curl (exit 4) and with the wrong context (exit 6)', () => {
    const c = verify(['--dry-run', '--context', 'ctx-a'], env({ CURL: '/nonexistent/curl' }));
    expect(c.status).toBe(4);
    expect(c.stderr).toBe('verify.sh: curl not found ("/nonexistent/curl"); install curl or set CURL=/path/to/curl\n');
    const k = verify(['--dry-run', '--context', 'ctx-b'], env());
    expect(k.status).toBe(6);
    expect(k.stderr).toContain('current kubectl context is "ctx-a", expected "ctx-b"');
  });

  test('refuses a curl without HTTP/2, which the gRPC check needs (exit 4)', () => {
    // A curl built without nghttp2 lists no HTTP2 feature: this one prints such a version text.
    const bin = tmpDir();
    fs.writeFileSync(path.join(bin, 'curl'), '#!/bin/sh\necho "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1"\necho "Features: IPv6 Largefile libz SSL"\n', { mode: 0o755 });
    const r = verify(['--dry-run', '--context', 'ctx-a'], env({ CURL: path.join(bin, 'curl') }));
    expect(r.stderr).toBe(`verify.sh: curl ("${path.join(bin, 'curl')}") has no HTTP/2 support, which the gRPC check needs; install a curl built with nghttp2 or set CURL=/path/to/curl\n`);
    expect(r.status).toBe(4);
  });

  test('--help prints the usage and the exit codes', () => {
    const r = verify(['--help'], {});
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: \.\/verify\.sh /);
    for (const code of ['9 the pods are not Ready', '10 a Service is missing', '11 /healthcheck did not answer', '12 the REST gateway did not give Flyte\'s answer', '13 gRPC did not answer the health check']) {
      expect(r.stdout).toContain(code);
    }
  });

  test('without --dry-run, against an API server that does not answer: exit 9 naming the pods', async () => {
    const port = await freePort();
    const r = verify(['--context', 'ctx-a', '--timeout', '5s'], env({}, { server: `https://127.0.0.1:${port}` }));
    expect(r.status).toBe(9);
    expect(r.stderr).toContain(`The connection to the server 127.0.0.1:${port} was refused`);
    expect(r.stderr.trim().split('\n').pop()).toBe(
      'verify.sh: the Flyte pods in namespace ns-a are not Ready after 5s; look at: kubectl get pods -n ns-a -l app.kubernetes.io/component=flyte-binary,app.kubernetes.io/instance=rel-a,app.kubernetes.io/name=flyte-binary',
    );
  });
});

describe('verifyScript', () => {
  const props: VerifyScriptProps = {
    environment: 'gamma',
    version: '3.4.5',
    namespace: 'ns-g',
    selector: { 'x.example/b': 'two', 'x.example/a': 'one' },
    services: ['svc-one', 'svc-two'],
    httpService: 'svc-two',
    httpPort: 8123,
    grpcService: 'svc-one',
    grpcPort: 8124,
    auth: true,
    expectedCluster: 'eks-a',
    timeout: '2m',
    localPort: 19000,
    localGrpcPort: 19001,
  };

  test('uses every prop: sorted selector, services, port, cluster, timeout, local port', () => {
    const dir2 = tmpDir();
    fs.writeFileSync(path.join(dir2, 'verify.sh'), verifyScript(props), { mode: 0o755 });
    expect(shellcheck(path.join(dir2, 'verify.sh')).status).toBe(0);
    const r = verify(['--dry-run'], env(), dir2);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('[2/7] kubectl context: ctx-a (cluster arn:aws:eks:eu-west-3:210987654321:cluster/eks-a)\n');
    expect(plan(r.stdout)).toEqual([
      'kubectl wait --for=condition=Ready pod -l x.example/a=one,x.example/b=two -n ns-g --timeout 2m',
      'kubectl get service svc-one -n ns-g',
      'kubectl get service svc-two -n ns-g',
      'kubectl port-forward svc/svc-two 19000:8123 -n ns-g &',
      'curl -fsS --max-time 5 http://127.0.0.1:19000/healthcheck',
      "curl -sS --max-time 10 -w \\\\n%\\{http_code\\} http://127.0.0.1:19000/api/v1/projects",
      'kubectl port-forward svc/svc-one 19001:8124 -n ns-g &',
      "printf \\\\000\\\\000\\\\000\\\\000\\\\000 | curl -sS --http2-prior-knowledge --max-time 5 -X POST -H content-type:\\ application/grpc -H te:\\ trailers --data-binary @- -D - -o /dev/null http://127.0.0.1:19001/grpc.health.v1.Health/Check",
      'verify.sh: dry run passed every check; nothing was queried',
    ]);
    const wrong = verify(['--dry-run'], env({}, { current: 'ctx-b' }), dir2);
    expect(wrong.status).toBe(6);
  });

  test('defaults: 5m, local ports 18088 and 18089, no auth (200 and grpc-status 0 expected)', () => {
    const { timeout: _t, localPort: _l, localGrpcPort: _g, auth: _a, ...rest } = props;
    const text = verifyScript(rest);
    expect(text).toContain('TIMEOUT=5m\n');
    expect(text).toContain('LOCAL_PORT=18088\n');
    expect(text).toContain('LOCAL_GRPC_PORT=18089\n');
    expect(text).toContain('readonly GATEWAY_STATUS=200\nreadonly GRPC_STATUS=0\n');
    // With auth, Flyte's refusals are the answers: 401 from the gateway, Unauthenticated from gRPC.
    expect(verifyScript(props)).toContain('readonly GATEWAY_STATUS=401\nreadonly GRPC_STATUS=16\n');
  });

  test('rejects bad props', () => {
    expect(() => verifyScript({ ...props, services: [] })).toThrow('verify script services: expected at least one Service name');
    expect(() => verifyScript({ ...props, selector: {} })).toThrow('verify script selector: expected at least one label');
    expect(() => verifyScript({ ...props, httpPort: 0 })).toThrow('verify script httpPort: 0 is not allowed; expected an integer from 1 to 65535');
    expect(() => verifyScript({ ...props, localPort: 70000 })).toThrow('verify script localPort: 70000 is not allowed');
    expect(() => verifyScript({ ...props, grpcPort: -1 })).toThrow('verify script grpcPort: -1 is not allowed; expected an integer from 1 to 65535');
    expect(() => verifyScript({ ...props, localGrpcPort: 19000 })).toThrow('verify script localGrpcPort: 19000 is not allowed; expected a port other than localPort');
    expect(() => verifyScript({ ...props, grpcService: 'a b' })).toThrow('verify script grpcService: "a b" is not allowed in a script');
    expect(() => verifyScript({ ...props, httpService: 'a;b' })).toThrow('verify script httpService: "a;b" is not allowed in a script');
  });
});
