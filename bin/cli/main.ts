// The CLI: yargs wiring of the commands.
import yargs from 'yargs';
import { packageVersion } from '../../lib/package-info';
import { compileBuilder, runCompile } from './compile-command';
import type { CompileArgs } from './compile-command';
import { runBuilder, runRun } from './run-command';
import type { RunArgs } from './run-command';
import { verifyBuilder, runVerify } from './verify-command';
import type { VerifyArgs } from './verify-command';
import { inspectBuilder, runInspect } from './inspect-command';
import type { InspectArgs } from './inspect-command';
import { benchBuilder, runBench } from './bench-command';
import type { BenchArgs } from './bench-command';
import { EXIT_USAGE } from './exit-codes';

/** Parses `argv` and runs the command; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  // yargs may still call a handler after reporting a usage failure; the failure wins.
  let usageFailed = false;
  const guard =
    <T>(handler: (args: T) => Promise<number>) =>
    async (args: T): Promise<void> => {
      if (!usageFailed) exitCode = await handler(args);
    };
  await yargs(argv)
    .scriptName('aot-model-compiler')
    .usage(
      '$0 [compile] --model <model.pt> --model_name <name> --model_version <version> --input_dims <dims> [options]\n' +
        '$0 <run|verify|inspect> --model <model> [options]\n' +
        '$0 bench [--models a,b | --model <model.pt> --input_dims <dims>] [options]',
    )
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .command<CompileArgs>(
      ['compile', '$0'],
      'compile a TorchScript model ahead of time (the default command)',
      compileBuilder,
      guard(runCompile),
    )
    .command<RunArgs>('run', 'run a compiled model on .npy or seeded random inputs', runBuilder, guard(runRun))
    .command<VerifyArgs>(
      'verify',
      'compare a compiled model with the original TorchScript model on random inputs',
      verifyBuilder,
      guard(runVerify),
    )
    .command<InspectArgs>(
      'inspect',
      "list the ops of a model's method after the passes and how each is lowered",
      inspectBuilder,
      guard(runInspect),
    )
    .command<BenchArgs>(
      'bench',
      'time the compiled model against the original in libtorch (and onnxruntime-node), interleaved',
      benchBuilder,
      guard(runBench),
    )
    .strict()
    .version(packageVersion())
    .help()
    .alias('help', 'h')
    .wrap(Math.min(110, process.stdout.columns || 110))
    .epilogue('Exit codes: 0 success, 1 compile/run/verify failure, 2 usage error. Progress goes to stderr, results to stdout.')
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`error: ${message}\nRun with --help for usage.\n`);
      usageFailed = true;
      exitCode = EXIT_USAGE;
    })
    .parseAsync();
  return exitCode;
}
