import { Construct } from 'constructs';
import { DNS_LABEL, DNS_SUBDOMAIN, DURATION, LABEL_KEY, LABEL_VALUE } from '../../config/formats';
import { ServiceMonitor } from '../../../imports/monitoring.coreos.com';
import type { FlyteService } from '../network/flyte-services';
import { assertProp, propsError } from '../errors';

export interface FlyteServiceMonitorProps {
  readonly name: string;
  readonly namespace: string;
  /**
   * The metrics Service (`FlyteServices.metrics`): selected by its own labels, scraped on its port.
   * @default - the Service `serviceSelector` selects, scraped on `portName`
   */
  readonly service?: FlyteService;
  /**
   * Labels that select the metrics Service (and only it).
   * @default - the labels of `service`
   */
  readonly serviceSelector?: Record<string, string>;
  /**
   * Name of the Service port that serves `/metrics`.
   * @default - the port of `service`
   */
  readonly portName?: string;
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
    const selector = props.serviceSelector ?? props.service?.matchLabels;
    const portName = props.portName ?? props.service?.portName;
    if (selector === undefined || portName === undefined) {
      throw propsError(this, 'service', 'expected a Service with labels of its own (the metrics Service), or serviceSelector and portName');
    }
    new ServiceMonitor(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        selector: { matchLabels: { ...selector } },
        namespaceSelector: { matchNames: [props.namespace] },
        endpoints: [{ port: portName, path: '/metrics', interval: props.interval ?? '30s' }],
      },
    });
  }
}
