// The policy rules, one per file; synth checks them in this order (src/policy/check.ts).
import type { Rule } from '../rule';
import { capabilities } from './capabilities';
import { credentialInOutput } from './credential-in-output';
import { hostNamespaces } from './host-namespaces';
import { hostPorts } from './host-ports';
import { imageInventory } from './image-inventory';
import { imageRegistry } from './image-registry';
import { imageTag } from './image-tag';
import { namespaceRestricted } from './namespace-restricted';
import { plaintextCredential } from './plaintext-credential';
import { privilegeEscalation } from './privilege-escalation';
import { privileged } from './privileged';
import { probes } from './probes';
import { rbacLeastPrivilege } from './rbac-least-privilege';
import { readOnlyRootFilesystem } from './read-only-root-filesystem';
import { resources } from './resources';
import { runAsNonRoot } from './run-as-non-root';
import { runAsUser } from './run-as-user';
import { seccomp } from './seccomp';
import { secretData } from './secret-data';
import { serviceAccountToken } from './service-account-token';
import { serviceSelectsPod } from './service-selects-pod';
import { volumeTypes } from './volume-types';

export { configImages } from '../object-images';
export { podSpecs } from '../pod-specs';
export type { PolicyContext, Rule, Violation } from '../rule';

export const RULES: readonly Rule[] = [
  runAsNonRoot,
  runAsUser,
  privilegeEscalation,
  privileged,
  capabilities,
  seccomp,
  readOnlyRootFilesystem,
  resources,
  probes,
  hostPorts,
  hostNamespaces,
  volumeTypes,
  serviceAccountToken,
  imageTag,
  imageRegistry,
  imageInventory,
  secretData,
  plaintextCredential,
  credentialInOutput,
  serviceSelectsPod,
  namespaceRestricted,
  rbacLeastPrivilege,
];
