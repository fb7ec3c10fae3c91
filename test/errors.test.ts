import { EXIT, UserError } from '../src/errors';

describe('EXIT', () => {
  test('input errors exit with 2, service failures with 3, output that cannot be written with 5 (README "Exit codes")', () => {
    expect(EXIT.INPUT).toBe(2);
    expect(EXIT.SERVICE).toBe(3);
    expect(EXIT.OUTPUT).toBe(5);
  });
});

describe('UserError', () => {
  test('is an Error with its own name and the message as given', () => {
    const e = new UserError('database.port: 0 is not allowed; expected an integer from 1 to 65535');
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(UserError);
    expect(e.name).toBe('UserError');
    expect(e.message).toBe('database.port: 0 is not allowed; expected an integer from 1 to 65535');
    expect(String(e)).toBe('UserError: database.port: 0 is not allowed; expected an integer from 1 to 65535');
  });

  test('defaults to the input exit code', () => {
    expect(new UserError('x').exitCode).toBe(2);
  });

  test('carries a service exit code when given one', () => {
    expect(new UserError('registry.corp: 503 Service Unavailable', EXIT.SERVICE).exitCode).toBe(3);
  });

  test('can be told apart from other errors by instanceof after a throw', () => {
    const thrown = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      throw new Error('nothing thrown');
    };
    expect(thrown(() => { throw new UserError('a'); }) instanceof UserError).toBe(true);
    expect(thrown(() => { throw new Error('a'); }) instanceof UserError).toBe(false);
  });
});
