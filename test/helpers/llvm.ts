// Checking LLVM assembly with LLVM 19's assembler.
import { spawnSync } from 'child_process';

/** Runs llvm-as-19 on `file`; returns its stderr ('' when the assembly is valid). */
export function llvmAsErrors(file: string): string {
  const result = spawnSync('llvm-as-19', [file, '-o', '/dev/null'], { encoding: 'utf8' });
  if (result.error) return `cannot run llvm-as-19: ${result.error.message}`;
  return result.status === 0 ? '' : result.stderr || `llvm-as-19 exited ${result.status}`;
}
