import { _default, optional, record, string, unknown, enum as zEnum } from 'zod/mini';
import * as f from '../formats';
import { described, obj, str } from './fields';

export const flyte = obj(
  {
    version: str(f.FLYTE_VERSION, 'Flyte release; the tag of the flyte-binary and co-pilot images.'),
    logLevel: described(
      _default(zEnum(['error', 'warn', 'info', 'debug'], { error: 'expected "error", "warn" (errors and warnings), "info" or "debug"' }), 'warn'),
      'Flyte\'s log level (logger.level: error 2, warn 3, info 4, debug 5); each shows its own and every more severe level.',
    ),
  },
  'Flyte itself.',
);

export const flyteConfig = described(
  optional(record(string(), unknown(), { error: 'expected a map of Flyte configuration sections' })),
  'Free-form Flyte configuration for what this schema does not model, written last as 100-inline-config.yaml. No credentials; keys this schema owns are refused.',
);
