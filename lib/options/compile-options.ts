// The options of compile(), mirroring the original tool's flags, and their validation.
import { UsageError } from '../errors';
import type {
  CompilePhase,
  InputDim,
  InputType,
  MatmulPrecision,
  MemoryFormat,
  NativeCompileRequest,
} from '../native';
import { checkInputDims, parseDynamicDims, parseInputDims } from './parse-dims';
import { parseInputTypes, parseMemoryFormats } from './parse-lists';
import { defaultOutputPaths } from './output-paths';
import { checkExampleInputSize } from './check-memory';

export interface CompileOptions {
  /** Path of the TorchScript model (--model). Required. */
  model: string;
  /** Name used in the kernel's name and id (--model_name). Required. */
  modelName: string;
  /** Version used in the kernel's name and id (--model_version). Required. */
  modelVersion: string;
  /** Sizes of each input (--input_dims): '1,3,224,224;2,2' or [[1,3,224,224],[2,2]]. Required. */
  inputDims: string | readonly (readonly number[])[];
  /** One type per input (--input_types): 'float;int64' or ['float','int64']. Default: all float. */
  inputTypes?: string | readonly InputType[];
  /** None, or one per input (--input_memory_formats): 'contiguous;channels_last'. */
  inputMemoryFormats?: string | readonly MemoryFormat[];
  /**
   * Dimensions that may vary at run time (--dynamic_dims). Size values, as in the original
   * tool ('1' or [1]: every input dimension of size 1), or exact positions ('0:0' or
   * [{input: 0, dim: 0}]: the first input's first dimension).
   */
  dynamicDims?: string | readonly number[] | readonly InputDim[];
  /** Method to compile (--method_name). Default 'forward'. */
  methodName?: string;
  /** Where to write the LLVM assembly (--output_llvm). Default: <model without extension>.compiled.ll */
  outputLlvm?: string;
  /** Where to write the compiled model (--output_model). Default: <model without extension>.compiled.pt */
  outputModel?: string;
  /**
   * Where to write the kernel as a native object for the target (--output_object), for linking
   * into a C++ app (examples/embed). Default: beside the LLVM output, with .ll replaced by .o
   */
  outputObject?: string;
  /**
   * LLVM target triple to generate code for (--target), e.g. 'aarch64-linux-android'. Default:
   * this machine. A model compiled for another target runs only where it was meant to.
   */
  target?: string;
  /** CPU to generate code for (--cpu), e.g. 'cortex-a76' or 'skylake'. Default: this machine's CPU and features. */
  cpu?: string;
  /**
   * How precisely linear layers, matrix products and convolutions compute (--matmul_precision),
   * as torch.set_float32_matmul_precision names it: 'highest' (default) in float32; 'high'
   * splits each operand into a sum of two bfloat16 numbers and sums three bfloat16 products in
   * float32 — relative error about 2^-16 per product, faster than float32 on CPUs with AMX;
   * 'medium' rounds their operands to bfloat16 and sums in float32 — several times faster on
   * CPUs with AMX or AVX512-BF16, relative error about 2^-8 per product. CPUs without those
   * compute them in float32.
   */
  matmulPrecision?: MatmulPrecision;
  /**
   * Where to write the model's TypeScript declaration, or false for none.
   * Default: <output model without extension>.d.ts (net.compiled.pt -> net.compiled.d.ts).
   */
  outputDeclaration?: string | false;
  /**
   * Called as each phase starts (load, freeze, passes, lower, codegen, write) with the
   * milliseconds elapsed since the compile began.
   */
  onProgress?: (phase: CompilePhase, elapsedMs: number) => void;
}

/** The original tool's flag for each required option, named in messages. */
const REQUIRED: ReadonlyArray<[keyof CompileOptions, string]> = [
  ['model', '--model'],
  ['modelName', '--model_name'],
  ['modelVersion', '--model_version'],
  ['inputDims', '--input_dims'],
];

function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  return false;
}

function checkRequired(options: Partial<CompileOptions>): void {
  for (const [key, flag] of REQUIRED) {
    if (isBlank(options[key])) {
      throw new UsageError(`missing required option ${key} (${flag})`);
    }
  }
  for (const key of ['model', 'modelName', 'modelVersion'] as const) {
    if (typeof options[key] !== 'string') {
      throw new UsageError(`option ${key} must be a string`);
    }
  }
}

function checkOptionalString(value: unknown, key: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new UsageError(`option ${key} must be a non-empty string when given`);
  }
  return value;
}

const MATMUL_PRECISIONS: readonly MatmulPrecision[] = ['highest', 'high', 'medium'];

function checkMatmulPrecision(value: unknown): MatmulPrecision | undefined {
  if (value === undefined) return undefined;
  const name = typeof value === 'string' ? value.trim() : value;
  if (!MATMUL_PRECISIONS.includes(name as MatmulPrecision)) {
    throw new UsageError(
      `matmul precision must be 'highest' (float32), 'high' (operands as sums of two bfloat16 numbers, float32 sums) ` +
        `or 'medium' (bfloat16 products, float32 sums), got '${String(value)}'`,
    );
  }
  return name as MatmulPrecision;
}

function checkMethodName(value: unknown): string {
  const name = checkOptionalString(value, 'methodName') ?? 'forward';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new UsageError(`method name '${name}' is not a valid identifier`);
  }
  return name;
}

function checkDynamicDimsOccur(dynamicSizes: number[], dims: number[][]): void {
  for (const size of dynamicSizes) {
    if (!dims.some((sizes) => sizes.includes(size))) {
      throw new UsageError(
        `dynamic dim ${size} does not occur in any input's dims (${dims.map((d) => d.join(',')).join(';')}); ` +
          'dynamic dims are size values (e.g. --input_dims=1,3,224,224 --dynamic_dims=1 makes the batch dynamic) ' +
          'or input:dim positions (e.g. --dynamic_dims=0:0)',
      );
    }
  }
}

/**
 * Validates the options and builds the addon's request. Throws UsageError with one message
 * per rule. Paths are kept as given (relative paths resolve against the current directory).
 */
export function toCompileRequest(options: CompileOptions): NativeCompileRequest {
  if (typeof options !== 'object' || options === null) {
    throw new UsageError('compile() needs an options object');
  }
  checkRequired(options);
  const dims =
    typeof options.inputDims === 'string' ? parseInputDims(options.inputDims) : checkInputDims(options.inputDims);
  const types = parseInputTypes(options.inputTypes, dims.length);
  checkExampleInputSize(dims, types);
  const formats = parseMemoryFormats(options.inputMemoryFormats, dims);
  const dynamic = parseDynamicDims(options.dynamicDims, dims);
  checkDynamicDimsOccur(dynamic.sizes, dims);
  const methodName = checkMethodName(options.methodName);
  const defaults = defaultOutputPaths(options.model);
  const outputLlvm = checkOptionalString(options.outputLlvm, 'outputLlvm') ?? defaults.outputLlvm;
  const outputModel = checkOptionalString(options.outputModel, 'outputModel') ?? defaults.outputModel;
  // The object goes beside the .ll: net.compiled.ll -> net.compiled.o.
  const outputObject =
    checkOptionalString(options.outputObject, 'outputObject') ?? `${outputLlvm.replace(/\.ll$/, '')}.o`;
  const target = checkOptionalString(options.target, 'target');
  const cpu = checkOptionalString(options.cpu, 'cpu');
  const matmulPrecision = checkMatmulPrecision(options.matmulPrecision);
  return {
    modelPath: options.model,
    methodName,
    modelName: options.modelName,
    modelVersion: options.modelVersion,
    inputs: dims.map((sizes, i) => ({ sizes, dtype: types[i], memoryFormat: formats[i] })),
    dynamicSizes: dynamic.sizes,
    ...(dynamic.positions.length > 0 ? { dynamicDims: dynamic.positions } : {}),
    outputLlvm,
    outputModel,
    outputObject,
    ...(target !== undefined ? { target: target.trim() } : {}),
    ...(cpu !== undefined ? { cpu: cpu.trim() } : {}),
    ...(matmulPrecision !== undefined ? { matmulPrecision } : {}),
  };
}
