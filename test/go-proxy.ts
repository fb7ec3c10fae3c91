import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { ROOT, runAsync } from './helpers';

/**
 * Go's own proxy decision, asked of a real Go program: kubectl's client (client-go) calls
 * net/http's ProxyFromEnvironment, the function grpc-go v1.80 (Flyte v1.16.8's) calls in its
 * delegating resolver for every dial, with an https request for the target host:port. A loopback
 * "proxy" records the first line of each request it gets; kubectl dials `https://host:port` with
 * only `vars` and the proxy variables set. Returns what the proxy saw ([] when Go went direct).
 */
export async function goProxiedRequests(host: string, port: number, vars: Record<string, string>): Promise<string[]> {
  const seen: string[] = [];
  const proxy = net.createServer((socket) => socket.once('data', (d) => {
    seen.push(String(d).split('\r\n')[0]);
    socket.destroy();
  }));
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-proxy-'));
  fs.writeFileSync(path.join(home, 'kubeconfig'), 'apiVersion: v1\nkind: Config\n');
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
  try {
    // A token made here keeps kubectl from prompting for a user; nothing checks it.
    await runAsync(path.join(ROOT, '.tools', 'kubectl'), ['--server', `https://${host}:${port}`, '--token', randomBytes(8).toString('hex'), '--insecure-skip-tls-verify', '--request-timeout', '5s', 'get', '--raw', '/'], {
      env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: path.join(home, 'kubeconfig'), ...vars, HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl },
    });
    return seen;
  } finally {
    proxy.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
