// Exit codes of the CLI, and mapping an error to one.
import { isUsageError } from '../../lib/errors';

export const EXIT_OK = 0;
/** Compiling (or running) failed. */
export const EXIT_FAILURE = 1;
/** The command line was wrong: a missing or malformed flag. */
export const EXIT_USAGE = 2;

/** Prints `error: <message>` to stderr and returns the exit code for `error`. */
export function reportError(error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  if (isUsageError(error)) {
    process.stderr.write('Run with --help for usage.\n');
    return EXIT_USAGE;
  }
  return EXIT_FAILURE;
}
