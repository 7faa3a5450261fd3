/**
 * A mistake in how the compiler was called (a missing or malformed option), as opposed to a
 * failure while compiling. The CLI exits with code 2 for these.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** True for a UsageError, also across module copies (checks the name, not the prototype). */
export function isUsageError(error: unknown): error is UsageError {
  return error instanceof Error && error.name === 'UsageError';
}
