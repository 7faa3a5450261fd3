// The compile command: the original aot_model_compiler's flags, both spellings.
import type { Argv } from 'yargs';
import { compile } from '../../lib/compile';
import type { CompileOptions } from '../../lib/options/compile-options';
import { EXIT_OK, reportError } from './exit-codes';

/** Flags of the original tool; each is also accepted with '_' in place of '-'. */
const FLAGS = {
  model: { describe: 'TorchScript model to compile (required)' },
  'model-name': { describe: 'model name, used in the kernel name and id (required)' },
  'model-version': { describe: 'model version, used in the kernel name and id (required)' },
  'input-dims': {
    describe: "sizes of each input, ';' between inputs and ',' between sizes, e.g. '1,3,224,224;2,2' (required)",
  },
  'input-types': { describe: "one type per input, ';' separated: float, int64, uint8 [default: float for each input]" },
  'input-memory-formats': {
    describe: "none, or one per input, ';' separated: contiguous, channels_last (4-d inputs only)",
  },
  'dynamic-dims': {
    describe:
      'dimensions that may vary at run time. Size values, as in the original tool: every input ' +
      "dimension of that size ('--input_dims=1,3,224,224 --dynamic_dims=1' makes the batch dynamic); " +
      "or input:dim positions ('--dynamic_dims=0:0', the first input's first dimension), which never " +
      'collide with other sizes in the model',
  },
  'method-name': { describe: 'method to compile', default: 'forward' },
  'output-llvm': { describe: 'LLVM assembly output [default: <model without extension>.compiled.ll]' },
  'output-model': { describe: 'compiled model output [default: <model without extension>.compiled.pt]' },
} as const;

export interface CompileArgs {
  model?: string;
  'model-name'?: string;
  'model-version'?: string;
  'input-dims'?: string;
  'input-types'?: string;
  'input-memory-formats'?: string;
  'dynamic-dims'?: string;
  'method-name'?: string;
  'output-llvm'?: string;
  'output-model'?: string;
  verbose?: boolean;
}

export function compileBuilder(yargs: Argv): Argv<CompileArgs> {
  for (const [name, spec] of Object.entries(FLAGS)) {
    const underscored = name.replace(/-/g, '_');
    yargs.option(name, {
      type: 'string',
      group: 'Compile (flags of the original aot_model_compiler):',
      ...(underscored !== name ? { alias: underscored } : {}),
      ...spec,
    });
  }
  return yargs
    .option('verbose', { type: 'boolean', describe: 'print each compile phase and its time to stderr' })
    .example(
      '$0 --model examples/add10.pt --model_name add10 --model_version v1 --input_dims 2,2,2',
      'writes examples/add10.compiled.ll and examples/add10.compiled.pt',
    )
    .example(
      "$0 --model net.pt --model-name net --model-version v2 --input-dims '1,3,224,224;1,10' --input-types 'float;int64' --input-memory-formats 'channels_last;contiguous'",
      'two inputs, the first read in channels_last layout',
    )
    .example(
      '$0 --model resnet18.pt --model_name resnet --model_version v1 --input_dims 1,3,224,224 --dynamic_dims 0:0',
      'a dynamic batch dimension: the compiled model runs for any batch size',
    ) as Argv<CompileArgs>;
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

export function toCompileOptions(args: CompileArgs): CompileOptions {
  return {
    model: args.model ?? '',
    modelName: args['model-name'] ?? '',
    modelVersion: args['model-version'] ?? '',
    inputDims: args['input-dims'] ?? '',
    inputTypes: blankToUndefined(args['input-types']),
    inputMemoryFormats: blankToUndefined(args['input-memory-formats']),
    dynamicDims: blankToUndefined(args['dynamic-dims']),
    methodName: args['method-name'],
    outputLlvm: args['output-llvm'],
    outputModel: args['output-model'],
    onProgress: args.verbose
      ? (phase, elapsedMs) => process.stderr.write(`${phase}: ${elapsedMs.toFixed(0)} ms\n`)
      : undefined,
  };
}

export async function runCompile(args: CompileArgs): Promise<number> {
  try {
    const result = await compile(toCompileOptions(args));
    process.stdout.write(`The compiled model was saved to ${result.outputModel}\n`);
    return EXIT_OK;
  } catch (error) {
    return reportError(error);
  }
}
