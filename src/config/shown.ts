/**
 * Stands for an input in an error message: printed as `text`, not as the value. Used where the
 * value must not be printed (it may be a credential) or is too large to be useful.
 */
export class Shown {
  constructor(readonly text: string) {}

  /** A value that may be a credential: only its length is shown. */
  static hidden(value: string): Shown {
    return new Shown(`a value of ${value.length} characters (not shown: it may be a credential)`);
  }
}
