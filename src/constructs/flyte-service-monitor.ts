import { Construct } from 'constructs';
import { DNS_LABEL, DNS_SUBDOMAIN, DURATION, LABEL_KEY, LABEL_VALUE } from '../config/formats';
import { ServiceMonitor } from '../../imports/monitoring.coreos.com';
import { assertProp } from './errors';

export interface FlyteServiceMonitorProps {
  readonly name: string;
  readonly namespace: string;
  /** Labels that select the metrics Service (and only it). */
  readonly serviceSelector: Record<string, string>;
  /** Name of the Service port that serves `/metrics`. */
  readonly portName: string;
  /** @default '30s' */
  readonly interval?: string;
  /**
   * Labels on the ServiceMonitor, so that the site's Prometheus `serviceMonitorSelector` picks it up.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** A Prometheus Operator ServiceMonitor (monitoring.coreos.com/v1) for the Flyte binary's metrics. */
export class FlyteServiceMonitor extends Construct {
  constructor(scope: Construct, id: string, props: FlyteServiceMonitorProps) {
    super(scope, id);
    assertProp(this, 'name', props.name, DNS_SUBDOMAIN);
    assertProp(this, 'namespace', props.namespace, DNS_LABEL);
    if (props.interval !== undefined) assertProp(this, 'interval', props.interval, DURATION);
    for (const [k, v] of Object.entries(props.labels ?? {})) {
      assertProp(this, 'labels key', k, LABEL_KEY);
      assertProp(this, `labels.${k}`, v, LABEL_VALUE);
    }
    new ServiceMonitor(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        selector: { matchLabels: props.serviceSelector },
        namespaceSelector: { matchNames: [props.namespace] },
        endpoints: [{ port: props.portName, path: '/metrics', interval: props.interval ?? '30s' }],
      },
    });
  }
}
