import { array, minLength, optional } from 'zod/mini';
import * as f from '../formats';
import { described, obj, str } from './fields';

export const logs = optional(
  obj(
    {
      cloudwatch: optional(
        obj(
          {
            region: str(f.AWS_REGION, 'Region of the log group.'),
            logGroup: str(f.LOG_GROUP, 'CloudWatch log group the node log agent writes container logs to.'),
          },
          'A CloudWatch Logs link for each task.',
        ),
      ),
      kubernetes: optional(
        obj({ templateUri: str(f.LOG_TEMPLATE_URI, 'Link template, for example "https://dashboard.example.com/#/log/{{ .namespace }}/{{ .podName }}/pod".') }, 'A Kubernetes dashboard link for each task.'),
      ),
      custom: optional(
        described(
          array(
            obj(
              {
                displayName: str(f.DISPLAY_NAME, 'Link name shown in the console.'),
                templateUris: described(
                  array(str(f.LOG_TEMPLATE_URI, 'Link template.'), { error: 'expected a list of link templates' }).check(minLength(1, { error: 'expected at least one link template' })),
                  'Link templates (Flyte variables such as {{ .podName }}, {{ .namespace }}, {{ .containerName }}).',
                ),
              },
              'One custom log link.',
            ),
            { error: 'expected a list of {displayName, templateUris}' },
          ),
          'Custom log links.',
        ),
      ),
    },
    'Log links shown for each task (plugins.logs and the k8s-array plugin).',
  ),
);
