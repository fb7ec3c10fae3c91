import { _default, enum as zEnum } from 'zod/mini';
import * as f from '../formats';
import { described, obj, str } from './fields';

export const serviceAccount = obj(
  {
    roleArn: str(f.IAM_ROLE_ARN, 'IAM role the pod assumes (through IRSA or EKS Pod Identity).'),
    credentials: described(
      _default(zEnum(['irsa', 'podIdentity'], { error: 'expected "irsa" (IAM roles for service accounts) or "podIdentity" (EKS Pod Identity)' }), 'irsa'),
      'How pods get their IAM roles, for Flyte and for task pods: "irsa" annotates the ServiceAccounts with the role; "podIdentity" leaves them unannotated and writes Pod Identity associations to dist/<env>/iam/ (needs the eks-pod-identity-agent add-on).',
    ),
  },
  'Kubernetes ServiceAccount of the Flyte binary.',
);
