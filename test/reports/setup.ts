/**
 * The set-ups of the public reports. Each case builds the reporter's set-up as an environment file
 * (the project's own schema and constructs), under a release, namespace and project of its own, so
 * that the cases of one test file can share one control plane.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { generate, SynthResult } from '../../src/synth/generate';
import type { KubeObject } from '../../src/synth/manifests';
import { manifestYaml } from '../../src/synth/manifests';
import { parseAll } from '../../src/synth/yaml';
import type { ControlPlane } from '../cluster/control-plane';
import { assembleConfigDir, assembleTemplateDir, effectiveConfig, FlyteConfig, renderTemplates } from '../conformance/harness';
import { objectsOf, ROOT, tmpProject } from '../helpers';

/** The shipped `enterprise` environment file, parsed: EKS, S3, RDS, a private registry, an ALB. */
export function enterprise(): Record<string, any> {
  return YAML.parse(fs.readFileSync(path.join(ROOT, 'config', 'environments', 'enterprise.yaml'), 'utf8'));
}

/**
 * A reporter's set-up: the enterprise file under release `r<id>`, namespace `ns-<id>` and one
 * project `p<id>` (its namespaces are `p<id>-<domain>`), with `settings` replacing whole keys.
 */
export function reportEnv(id: string, settings: Record<string, unknown> = {}): Record<string, any> {
  // Without enterprise's pinned signing key: no report is about signatures, and deploy.sh would
  // otherwise ask for the key's owner's public key.
  const { signing: _signing, ...env } = enterprise();
  return { ...env, release: `r${id}`, namespace: `ns-${id}`, projects: [{ name: `p${id}`, description: `Report ${id}.` }], ...settings };
}

/** A throw-away project with these environment files and the shipped cluster facts, synthesised in memory (nothing is written). */
export async function generated(envs: Record<string, unknown>): Promise<{ root: string; result: SynthResult }> {
  const clusters = path.join(ROOT, 'config', 'clusters');
  const facts = Object.fromEntries(fs.readdirSync(clusters).map((f) => [`config/clusters/${f}`, fs.readFileSync(path.join(clusters, f), 'utf8')]));
  const root = tmpProject(envs, facts);
  return { root, result: await generate(root) };
}

/** The names every case needs, derived as the constructs derive them (README "Environments"). */
export function namesOf(env: Record<string, any>) {
  const base = `${env.release}-flyte-binary`;
  return {
    namespace: env.namespace as string,
    deployment: base,
    serviceAccount: `system:serviceaccount:${env.namespace}:${base}`,
    config: `${base}-config`,
    templates: `${base}-cluster-resource-templates`,
  };
}

/** The objects of an environment, built in memory. */
export function objects(env: Record<string, any>): KubeObject[] {
  return objectsOf(JSON.parse(JSON.stringify(env)));
}

export function findObject(all: readonly KubeObject[], kind: string, name: string): any {
  const o = all.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} among ${all.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
}

/** The CRDs of the optional custom resources (ServiceMonitor, ExternalSecret), so that every object applies. */
export function installOptionalCrds(cp: ControlPlane): void {
  for (const crd of ['monitoring.coreos.com_servicemonitors.yaml', 'external-secrets.io_externalsecrets.yaml']) {
    cp.mustKubectl(['apply', '--server-side', '-f', path.join(ROOT, 'imports', 'crds', crd)]);
  }
  cp.mustKubectl(['wait', '--for=condition=Established', 'crd/servicemonitors.monitoring.coreos.com', 'crd/externalsecrets.external-secrets.io', '--timeout=60s']);
}

/** Server-side apply of objects in install order, as one kubectl call; throws with its output when refused. */
export function apply(cp: ControlPlane, all: readonly KubeObject[]): void {
  cp.mustKubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=enterprise-flyte', '-f', '-'], { input: all.map((o) => manifestYaml(o)).join('---\n') });
}

/** `kubectl auth can-i` as a ServiceAccount: the API server's own RBAC authorizer answers. */
export function canI(cp: ControlPlane, serviceAccount: string, verb: string, resource: string, namespace?: string): string {
  const where = namespace === undefined ? ['--all-namespaces'] : ['-n', namespace];
  const r = cp.kubectl(['auth', 'can-i', verb, resource, '--as', serviceAccount, ...where]);
  // A warning (an unknown resource type) would make the answer meaningless.
  if (r.stderr !== '') throw new Error(`kubectl auth can-i ${verb} ${resource}: ${r.stderr}`);
  return r.stdout.trim();
}

export function getJson(cp: ControlPlane, args: string[]): any {
  return JSON.parse(cp.mustKubectl([...args, '-o', 'json']));
}

/** Flyte's view of an environment: its config folder as the pod mounts it, and what Flyte v1.16.8 reads from it. */
export interface FlyteView {
  readonly configDir: string;
  readonly templateDir: string;
  readonly config: FlyteConfig;
}

export function flyteView(all: readonly KubeObject[]): FlyteView {
  const configDir = assembleConfigDir(all);
  return { configDir, templateDir: assembleTemplateDir(all), config: effectiveConfig(configDir) };
}

/** The cluster-resource templates as flyteadmin renders them for one project and domain, as objects. */
export function renderedTemplates(view: FlyteView, project: string, domain: string): any[] {
  return parseAll(renderTemplates(view.configDir, view.templateDir, project, domain));
}
