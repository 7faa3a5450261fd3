// Compile progress on stderr: one line per phase with the elapsed time, when stderr is a
// terminal (or with --verbose), never with --quiet. stdout stays for results.
import type { CompilePhase } from '../../lib/native';

export interface ProgressFlags {
  quiet?: boolean;
  verbose?: boolean;
}

/** Whether to show progress: --verbose forces it, --quiet silences it, else only on a TTY. */
export function wantsProgress(flags: ProgressFlags, stderrIsTTY: boolean = process.stderr.isTTY === true): boolean {
  if (flags.quiet) return false;
  return flags.verbose === true || stderrIsTTY;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** An onProgress callback printing `[ 1.2s] lower` lines, or undefined when silent. */
export function progressReporter(
  flags: ProgressFlags,
  write: (line: string) => void = (line) => process.stderr.write(line),
  stderrIsTTY?: boolean,
): ((phase: CompilePhase, elapsedMs: number) => void) | undefined {
  if (!wantsProgress(flags, stderrIsTTY)) return undefined;
  return (phase, elapsedMs) => write(`[${seconds(elapsedMs).padStart(6)}] ${phase}\n`);
}
