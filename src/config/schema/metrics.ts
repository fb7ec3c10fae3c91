import { _default, optional } from 'zod/mini';
import * as f from '../formats';
import { bool, labels, obj, str } from './fields';

export const metrics = optional(
  obj(
    {
      serviceMonitor: optional(
        obj(
          {
            enabled: _default(bool('Render a Prometheus Operator ServiceMonitor.'), false),
            interval: _default(str(f.DURATION, 'Scrape interval.'), '30s'),
            labels: _default(labels('Labels the Prometheus serviceMonitorSelector matches.'), {}),
          },
          'Prometheus Operator integration.',
        ),
      ),
    },
    'Prometheus metrics of the Flyte binary.',
  ),
);
