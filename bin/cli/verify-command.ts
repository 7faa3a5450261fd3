// The verify command: compare a compiled model with the original TorchScript model.
import type { Argv } from 'yargs';
import { verify, DEFAULT_ATOL, DEFAULT_MEDIUM_PRECISION_RTOL, DEFAULT_RTOL, DEFAULT_TRIALS } from '../../lib/verify';
import type { VerifyReport } from '../../lib/verify';
import { addCompileFlags, toCompileOptions } from './compile-command';
import type { CompileArgs } from './compile-command';
import { EXIT_FAILURE, EXIT_OK, reportError } from './exit-codes';
import { formatError, printJson, printLine } from './output';

export interface VerifyArgs extends CompileArgs {
  compiled?: string;
  trials?: number;
  seed?: number;
  rtol?: number;
  atol?: number;
}

export function verifyBuilder(yargs: Argv): Argv<VerifyArgs> {
  return addCompileFlags(yargs, undefined, 'Compile flags (when not given --compiled):')
    .option('compiled', { type: 'string', describe: 'an existing compiled model to check (then no compile)' })
    .option('trials', { type: 'number', default: DEFAULT_TRIALS, describe: 'random trials; trial t uses seed + t' })
    .option('seed', { type: 'number', default: 0, describe: 'seed of the first trial' })
    .option('rtol', {
      type: 'number',
      describe:
        'an output passes when its max error relative to max |expected| is at most rtol … ' +
        `[default: ${DEFAULT_RTOL}; ${DEFAULT_MEDIUM_PRECISION_RTOL} for a model compiled with --matmul_precision medium]`,
    })
    .option('atol', { type: 'number', default: DEFAULT_ATOL, describe: '… or its max absolute error is at most atol' })
    .option('json', { type: 'boolean', describe: 'print the report as JSON on stdout' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'no compile progress on stderr' })
    .option('verbose', { type: 'boolean', describe: 'compile progress on stderr even when it is not a terminal' })
    .example(
      '$0 verify --model net.pt --model_name net --model_version v1 --input_dims 1,3,32,32',
      'compiles net.pt, then compares it with the original on 3 random inputs',
    )
    .example(
      '$0 verify --model net.pt --compiled net.compiled.pt --input_dims 8,3,32,32 --trials 5 --json',
      'checks an existing compiled model (a dynamic batch run with 8), JSON report',
    )
    .epilogue(
      'Exit code 0 when every output of every trial is within tolerance, 1 when not (or compiling fails), 2 for a usage error.',
    ) as Argv<VerifyArgs>;
}

function printReport(report: VerifyReport): void {
  printLine(`original: ${report.model}`);
  printLine(`compiled: ${report.compiled}${report.compiledNow ? ' (compiled now)' : ''}`);
  for (const trial of report.trials) {
    const shapes = trial.inputShapes.map((s) => `[${s.join(', ')}]`).join(' ');
    printLine(`trial seed ${trial.seed}, inputs ${shapes}: ${trial.passed ? 'ok' : 'FAILED'}`);
    if (trial.outputCountMismatch) {
      printLine(`  the original returned ${trial.outputCountMismatch.expected} outputs, the compiled model ${trial.outputCountMismatch.actual}`);
    }
    for (const o of trial.outputs) {
      const notes = [o.shapeMismatch ? 'shape mismatch' : '', o.dtypeMismatch ? 'dtype mismatch' : ''].filter(Boolean);
      printLine(
        `  output ${o.output}: ${o.dtype} [${o.shape.join(', ')}] max abs error ${formatError(o.maxAbsError)}, ` +
          `max rel error ${formatError(o.maxRelError)}${notes.length ? `, ${notes.join(', ')}` : ''}${o.passed ? '' : '  FAILED'}`,
      );
    }
  }
  printLine(
    `${report.passed ? 'PASSED' : 'FAILED'}: ${report.trials.length} trial${report.trials.length === 1 ? '' : 's'}, ` +
      `rtol ${report.rtol}, atol ${report.atol}`,
  );
}

export async function runVerify(args: VerifyArgs): Promise<number> {
  try {
    const compileOptions = toCompileOptions(args);
    const report = await verify({
      ...compileOptions,
      model: args.model ?? '',
      compiled: args.compiled,
      trials: args.trials,
      seed: args.seed,
      rtol: args.rtol,
      atol: args.atol,
      inputDims: args['input-dims'],
    });
    if (args.json) printJson(report);
    else printReport(report);
    return report.passed ? EXIT_OK : EXIT_FAILURE;
  } catch (error) {
    return reportError(error);
  }
}
