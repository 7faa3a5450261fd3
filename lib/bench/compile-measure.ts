// Compile time and peak resident memory of a compile, measured in a child process.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../native';
import type { CompileOptions } from '../options/compile-options';

export interface CompileMeasure {
  /** Wall time of compile() in the child (addon already loaded), ms. */
  compileMs: number;
  /** Peak resident memory of the child process (Node + libtorch + the compile), MB. */
  peakRssMb: number;
}

/** The compiled child script: beside this file in dist/, else dist/ of the package (ts-jest). */
function childScript(): string {
  const beside = path.join(__dirname, 'compile-child.js');
  if (fs.existsSync(beside)) return beside;
  const built = path.join(packageRoot(), 'dist', 'lib', 'bench', 'compile-child.js');
  if (fs.existsSync(built)) return built;
  throw new Error(`cannot find compile-child.js (run npm run build:ts): looked for ${beside} and ${built}`);
}

export function measureCompile(options: CompileOptions): Promise<CompileMeasure> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript(), JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(new Error(`compiling ${options.model} failed: ${stderr.trim() || `exit code ${code}`}`));
        return;
      }
      try {
        const parsed = JSON.parse(last) as { compileMs: number; peakRssKb: number };
        resolve({ compileMs: parsed.compileMs, peakRssMb: parsed.peakRssKb / 1024 });
      } catch {
        reject(new Error(`compiling ${options.model}: unexpected child output: ${last}`));
      }
    });
  });
}
