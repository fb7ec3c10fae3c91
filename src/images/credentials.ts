import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '../errors';
import { DOCKER_HUB } from './reference';

/** A user name and password (or token) for one registry. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** Looks up the credentials of a registry host (`host[:port]`, `docker.io` for Docker Hub). */
export type CredentialLookup = (registry: string) => Credentials | undefined;

/**
 * The auth files skopeo reads, in its order (measured with skopeo 1.9.3 --debug):
 * `REGISTRY_AUTH_FILE` when set, `${XDG_RUNTIME_DIR}/containers/auth.json` (or
 * `~/.config/containers/auth.json`), then `~/.docker/config.json`. Sharing them means
 * `skopeo login HOST` also serves `images lock`.
 */
export function authFiles(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? os.homedir();
  const containers = env.XDG_RUNTIME_DIR
    ? path.join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json')
    : path.join(home, '.config', 'containers', 'auth.json');
  return [...(env.REGISTRY_AUTH_FILE ? [env.REGISTRY_AUTH_FILE] : []), containers, path.join(home, '.docker', 'config.json')];
}

/** Keys an auth file may use for a registry; Docker Hub has its historical v1 URL. */
function keysOf(registry: string): string[] {
  const keys = [registry, `https://${registry}`, `http://${registry}`];
  if (registry === DOCKER_HUB) keys.push('https://index.docker.io/v1/', 'index.docker.io', 'registry-1.docker.io');
  return keys;
}

/**
 * Reads static `auths.<registry>.auth` entries (base64 "user:password") from the auth files.
 * Credential helpers (`credHelpers`, `credsStore`) are not run: use `skopeo login`, which
 * writes a static entry, or point `REGISTRY_AUTH_FILE` at a file that has one.
 */
export function credentialsFromAuthFiles(env: NodeJS.ProcessEnv): CredentialLookup {
  const files = authFiles(env);
  return (registry) => {
    for (const file of files) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      let auths: Record<string, { auth?: unknown }> | undefined;
      try {
        auths = (JSON.parse(text) as { auths?: Record<string, { auth?: unknown }> }).auths;
      } catch (e) {
        throw new UserError(`${file}: invalid JSON (${(e as Error).message}); fix it or set REGISTRY_AUTH_FILE to another auth file`);
      }
      for (const key of keysOf(registry)) {
        const auth = auths?.[key]?.auth;
        if (typeof auth !== 'string' || auth === '') continue;
        const decoded = Buffer.from(auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon <= 0) throw new UserError(`${file}: auths.${key}.auth is not base64 of "user:password"; run "skopeo login ${registry}" again`);
        return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
      }
    }
    return undefined;
  };
}
