// Running Debian's python3 (which has numpy) on a snippet, for .npy interoperability checks.
import { spawnSync } from 'child_process';

export const PYTHON = process.env.AOTC_PYTHON || '/usr/bin/python3';

/** Runs `code` with `args` (sys.argv[1:]); returns stdout, throws with stderr on failure. */
export function runPython(code: string, args: string[] = []): string {
  const result = spawnSync(PYTHON, ['-c', code, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONNOUSERSITE: '1' },
  });
  if (result.status !== 0) throw new Error(`python failed (${result.error?.message ?? result.status}):\n${result.stderr}`);
  return result.stdout;
}
