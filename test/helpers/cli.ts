// Running the built CLI (dist/bin/aot-model-compiler.js) in a child process.
import { spawn } from 'child_process';
import { cliPath, repoRoot } from './paths';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <args>` and collects its output. */
export function runNode(args: string[], options: { cwd?: string; input?: string } = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd ?? repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs the CLI with `args`. */
export function runCli(args: string[], options: { cwd?: string } = {}): Promise<ProcessResult> {
  return runNode([cliPath, ...args], options);
}
