import type { IConstruct } from 'constructs';
import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import * as YAML from 'yaml';
import { NAMESPACE_OBJECT_KINDS, NamespaceObject, NamespaceObjectKind, namespaceObjectIssues } from '../config/namespace-objects';
import { Shown } from '../config/shown';
import { toYaml } from '../synth/yaml';
import { propsError } from './errors';

export type { NamespaceObject } from '../config/namespace-objects';

export interface NamespaceObjectTemplates {
  /** File name -> template, after the chart's own (`100_<kind>_<name>.yaml`). */
  readonly templates: Record<string, string>;
  /** Core-group resources they create, for the ClusterRole's template rule. */
  readonly coreResources: string[];
  /** ClusterRole rules for the other groups: create, then get and patch when it exists, as flyteadmin does. */
  readonly rules: k8s.PolicyRule[];
}

/**
 * Cluster-resource templates of the site's own objects (`tasks.namespaceObjects`), validated
 * (namespaceObjectIssues), each created by flyteadmin in every project-domain namespace. `existing`
 * are the chart's templates: an object may not take the name of one of the same kind. Errors
 * follow the path of `scope` when given.
 */
export function namespaceObjectTemplates(objects: readonly NamespaceObject[], existing: readonly string[], scope?: IConstruct): NamespaceObjectTemplates {
  const reserved = existing.map((t) => YAML.parse(t)).map((o) => `${o.kind}/${o.metadata.name}`);
  const issue = namespaceObjectIssues(objects, reserved)[0];
  if (issue) {
    const shown = issue.input instanceof Shown ? issue.input.text : JSON.stringify(issue.input);
    throw propsError(scope, issue.path.join('.'), `${shown} is not allowed; ${issue.message}`);
  }
  const templates: Record<string, string> = {};
  const coreResources: string[] = [];
  const byGroup = new Map<string, Set<string>>();
  for (const o of objects) {
    const kind = NAMESPACE_OBJECT_KINDS[o.kind as NamespaceObjectKind];
    const { apiVersion, kind: k, metadata, ...body } = o;
    templates[`100_${k.toLowerCase()}_${metadata.name}.yaml`] = toYaml({ apiVersion, kind: k, metadata: { ...metadata, namespace: '{{ namespace }}' }, ...body });
    if (kind.group === '') {
      if (!coreResources.includes(kind.resource)) coreResources.push(kind.resource);
    } else {
      byGroup.set(kind.group, (byGroup.get(kind.group) ?? new Set()).add(kind.resource));
    }
  }
  const rules = [...byGroup.entries()].map(([group, resources]) => ({ apiGroups: [group], resources: [...resources].sort(), verbs: ['create', 'get', 'patch'] }));
  return { templates, coreResources, rules };
}
