// The CLI: yargs wiring of the commands.
import * as fs from 'fs';
import * as path from 'path';
import yargs from 'yargs';
import { packageRoot } from '../../lib/native';
import { compileBuilder, runCompile } from './compile-command';
import type { CompileArgs } from './compile-command';
import { runBuilder, runRun } from './run-command';
import type { RunArgs } from './run-command';
import { EXIT_USAGE } from './exit-codes';

function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(__dirname), 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

/** Parses `argv` and runs the command; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  // yargs may still call a handler after reporting a usage failure; the failure wins.
  let usageFailed = false;
  await yargs(argv)
    .scriptName('aot-model-compiler')
    .usage('$0 [compile] --model <model.pt> --model_name <name> --model_version <version> --input_dims <dims> [options]')
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .command<CompileArgs>(
      ['compile', '$0'],
      'compile a TorchScript model ahead of time (the default command)',
      compileBuilder,
      async (args) => {
        if (!usageFailed) exitCode = await runCompile(args);
      },
    )
    .command<RunArgs>('run', 'run a compiled model on seeded random inputs', runBuilder, async (args) => {
      if (!usageFailed) exitCode = await runRun(args);
    })
    .strict()
    .version(packageVersion())
    .help()
    .alias('help', 'h')
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`error: ${message}\nRun with --help for usage.\n`);
      usageFailed = true;
      exitCode = EXIT_USAGE;
    })
    .parseAsync();
  return exitCode;
}
