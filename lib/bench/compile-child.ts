// Child-process entry of the bench's compile measurement: compiles the model given as JSON
// CompileOptions in argv[2] and prints {"compileMs", "peakRssKb"} as its last stdout line.
// Run alone in its own process, so its peak resident memory is the compile's.
import { performance } from 'perf_hooks';
import { compile } from '../compile';
import type { CompileOptions } from '../options/compile-options';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as CompileOptions;
  const start = performance.now();
  await compile({ ...options, outputDeclaration: false });
  const compileMs = performance.now() - start;
  // resourceUsage().maxRSS is in kilobytes (getrusage's ru_maxrss).
  process.stdout.write(`${JSON.stringify({ compileMs, peakRssKb: process.resourceUsage().maxRSS })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exit(1);
});
