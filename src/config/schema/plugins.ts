import { _default, array, minLength, optional, record, enum as zEnum } from 'zod/mini';
import * as f from '../formats';
import { TASK_PLUGINS } from '../task-plugins';
import { described, obj, str } from './fields';

export const plugins = optional(
  obj(
    {
      enabled: described(
        _default(
          array(described(zEnum(TASK_PLUGINS, { error: `expected one of ${TASK_PLUGINS.join(', ')}` }), 'Plugin id.'), { error: 'expected a list of plugin names' }).check(
            minLength(1, { error: 'expected at least one plugin' }),
          ),
          ['container', 'sidecar', 'k8s-array', 'connector-service', 'echo'],
        ),
        'Task plugins propeller enables (each CRD plugin adds the ClusterRole rights its controller uses).',
      ),
      defaultForTaskTypes: described(
        _default(
          record(str(f.TASK_TYPE, 'Task type.'), zEnum(TASK_PLUGINS, { error: `expected one of ${TASK_PLUGINS.join(', ')}` }), { error: 'expected a map of task types to plugin names' }),
          { container: 'container', sidecar: 'sidecar', container_array: 'k8s-array' },
        ),
        'Plugin that runs each task type.',
      ),
    },
    'Task plugins.',
  ),
);
