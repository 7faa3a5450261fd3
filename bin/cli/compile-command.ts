// The compile command: the original aot_model_compiler's flags, both spellings.
import type { Argv } from 'yargs';
import { compile } from '../../lib/compile';
import type { CompileResult } from '../../lib/compile';
import type { CompileOptions } from '../../lib/options/compile-options';
import { EXIT_OK, reportError } from './exit-codes';
import { addOutputFlags } from './common-flags';
import type { OutputFlags } from './common-flags';
import { printJson, printLine } from './output';
import { progressReporter } from './progress';

/** Flags of the original tool; each is also accepted with '_' in place of '-'. */
export const COMPILE_FLAGS = {
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
  'output-object': {
    describe: 'the kernel as a native object file, for linking into a C++ app [default: the LLVM output with .ll replaced by .o]',
  },
  target: {
    describe: "LLVM target triple, e.g. 'aarch64-linux-android' or 'x86_64-linux-gnu' [default: this machine]",
  },
  cpu: { describe: "CPU to generate code for, e.g. 'cortex-a76' or 'skylake' [default: this machine's CPU]" },
  'matmul-precision': {
    describe:
      "linear layers, matrix products and convolutions: 'highest' (float32), 'high' (operands as sums of two " +
      "bfloat16 numbers, float32 sums: relative error ~2^-16, faster on CPUs with AMX) or 'medium' (operands " +
      'rounded to bfloat16, float32 sums: several times faster on CPUs with AMX or AVX512-BF16) [default: highest]',
  },
} as const;

export type CompileFlagName = keyof typeof COMPILE_FLAGS;

export interface CompileArgs extends OutputFlags {
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
  'output-object'?: string;
  target?: string;
  cpu?: string;
  'matmul-precision'?: string;
  'output-declaration'?: string;
  declaration?: boolean;
  verbose?: boolean;
}

/** Adds the original tool's flags (all, or `names`), each also spelled with '_'. */
export function addCompileFlags(
  yargs: Argv,
  names: readonly CompileFlagName[] = Object.keys(COMPILE_FLAGS) as CompileFlagName[],
  group = 'Compile (flags of the original aot_model_compiler):',
): Argv {
  for (const name of names) {
    const underscored = name.replace(/-/g, '_');
    yargs.option(name, {
      type: 'string',
      group,
      ...(underscored !== name ? { alias: underscored } : {}),
      ...COMPILE_FLAGS[name],
    });
  }
  return yargs;
}

/** --verbose, --quiet, --json, and the declaration flags. */
function addCompileOutputFlags(yargs: Argv): Argv {
  return addOutputFlags(yargs)
    .option('verbose', {
      type: 'boolean',
      describe: 'print each compile phase and its time to stderr, even when stderr is not a terminal',
    })
    .option('output-declaration', {
      alias: 'output_declaration',
      type: 'string',
      describe: "the model's TypeScript declaration [default: <output model without extension>.d.ts]",
    })
    .option('declaration', {
      type: 'boolean',
      default: true,
      describe: 'write the TypeScript declaration (--no-declaration: do not)',
    });
}

export function compileBuilder(yargs: Argv): Argv<CompileArgs> {
  return addCompileOutputFlags(addCompileFlags(yargs))
    .example(
      '$0 --model examples/add10.pt --model_name add10 --model_version v1 --input_dims 2,2,2',
      'writes examples/add10.compiled.ll and examples/add10.compiled.pt',
    )
    .example(
      "$0 --model net.pt --model-name net --model-version v2 --input-dims '1,3,224,224;1,10' --input-types 'float;int64' --input-memory-formats 'channels_last;contiguous'",
      'two inputs, the first read in channels_last layout',
    )
    .example(
      '$0 --model net.pt --model_name net --model_version v1 --input_dims 1,3,224,224 --target aarch64-linux-android --cpu cortex-a76',
      'code for an Android phone: net.compiled.ll and the aarch64 object net.compiled.o, to link into the app',
    )
    .example(
      '$0 --model resnet18.pt --model_name resnet --model_version v1 --input_dims 1,3,224,224 --dynamic_dims 0:0',
      'a dynamic batch dimension: the compiled model runs for any batch size',
    )
    .example('$0 compile --model m.pt --model_name m --model_version v1 --input_dims 1,8 --json --quiet', 'prints the result as JSON') as Argv<CompileArgs>;
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
    outputObject: args['output-object'],
    target: blankToUndefined(args.target),
    cpu: blankToUndefined(args.cpu),
    matmulPrecision: blankToUndefined(args['matmul-precision']) as CompileOptions['matmulPrecision'],
    outputDeclaration: args.declaration === false ? false : args['output-declaration'],
    onProgress: progressReporter(args),
  };
}

function printResult(result: CompileResult, json: boolean): void {
  if (json) {
    printJson(result);
    return;
  }
  printLine(`The compiled model was saved to ${result.outputModel}`);
}

export async function runCompile(args: CompileArgs): Promise<number> {
  try {
    const result = await compile(toCompileOptions(args));
    printResult(result, args.json === true);
    return EXIT_OK;
  } catch (error) {
    return reportError(error);
  }
}
