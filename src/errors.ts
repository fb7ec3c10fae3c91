/** Exit codes shared by every command (documented in README). */
export const EXIT = {
  /** The user's input (file, flag, environment) is wrong; fix it and run again. */
  INPUT: 2,
  /** A service the command talked to failed; retry or check the service. */
  SERVICE: 3,
} as const;

/**
 * An error the user can act on. Its message is one line, printed without a stack trace.
 */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.INPUT) {
    super(message);
    this.name = 'UserError';
  }
}
