import { environmentSchema } from '../../../src/config/schema';
import { messageOf, validInput } from '../../helpers';

describe('flyte.logLevel', () => {
  test('defaults to "warn"; each level name is accepted', () => {
    expect(environmentSchema.parse(validInput()).flyte.logLevel).toBe('warn');
    for (const level of ['error', 'warn', 'info', 'debug']) expect(environmentSchema.parse(validInput({ flyte: { version: 'v1.16.8', logLevel: level } } as any)).flyte.logLevel).toBe(level);
  });

  test.each([['verbose'], [5], ['WARN']])('refuses %p with one line naming the field, the value and what is allowed', (level) => {
    const m = messageOf(validInput({ flyte: { version: 'v1.16.8', logLevel: level } } as any));
    expect(m).toBe(`test.yaml: flyte.logLevel: ${JSON.stringify(level)} is not allowed; expected "error", "warn" (errors and warnings), "info" or "debug"`);
  });
});
