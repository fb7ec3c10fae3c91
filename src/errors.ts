/** Exit codes shared by every command (documented in README). */
export const EXIT = {
  /** The user's input (file, flag, environment) is wrong; fix it and run again. */
  INPUT: 2,
  /** A service the command talked to failed; retry or check the service. */
  SERVICE: 3,
  /** The output could not be written where it goes (permissions, a mount point, a read-only file system). */
  OUTPUT: 5,
  /** `bundle sign`: the signing key is unreadable, locked, expired, revoked, of an algorithm Helm cannot check, or not the pinned one. */
  SIGNING_KEY: 6,
  /** `bundle sign`: the bundle to sign is missing or does not match its own SHA256SUMS. */
  BUNDLE: 7,
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

/**
 * True for a UserError, including one thrown by a command bundled on its own (lib/cluster-lookup.js
 * carries its own copy of this class, so `instanceof` alone does not see it).
 */
export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError || (e instanceof Error && e.name === 'UserError' && typeof (e as { exitCode?: unknown }).exitCode === 'number');
}
