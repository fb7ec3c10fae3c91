import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

export interface FlyteWorkflowCrdProps {
  /** @default - none */
  readonly labels?: Record<string, string>;
}

/**
 * The FlyteWorkflow CustomResourceDefinition (flyte.lyft.com/v1alpha1), shipped with the release
 * so the binary does not need the right to create CRDs (`create-flyteworkflow-crd: false`).
 * Same names and schema as upstream: namespaced, short name `fly`, fields kept as sent.
 */
export class FlyteWorkflowCrd extends Construct {
  public static readonly NAME = 'flyteworkflows.flyte.lyft.com';

  constructor(scope: Construct, id: string, props: FlyteWorkflowCrdProps = {}) {
    super(scope, id);
    new k8s.KubeCustomResourceDefinition(this, 'Resource', {
      metadata: { name: FlyteWorkflowCrd.NAME, labels: props.labels },
      spec: {
        group: 'flyte.lyft.com',
        names: { kind: 'FlyteWorkflow', listKind: 'FlyteWorkflowList', plural: 'flyteworkflows', singular: 'flyteworkflow', shortNames: ['fly'] },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1alpha1',
            served: true,
            storage: true,
            schema: { openApiv3Schema: { type: 'object', xKubernetesPreserveUnknownFields: true } },
          },
        ],
      },
    });
  }
}
