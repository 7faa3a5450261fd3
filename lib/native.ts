// The native addon's surface, as the TypeScript layer sees it. The addon is built by
// cmake-js (build/Release) or node-gyp, or shipped in prebuilds/; node-gyp-build finds it.
import * as fs from 'fs';
import * as path from 'path';
import { chooseOpenBlasKernels } from './addon/blas-kernels';
import { loadAddon } from './addon/load-addon';

/** Element types, spelled as onnxruntime-node spells them. */
export type DType = 'float32' | 'float64' | 'int64' | 'int32' | 'uint8' | 'bool';

/** Input element types the compiler accepts, spelled as the original tool's --input_types. */
export type InputType = 'float' | 'int64' | 'uint8';

export type MemoryFormat = 'contiguous' | 'channels_last';

export type TypedArray =
  | Float32Array
  | Float64Array
  | BigInt64Array
  | Int32Array
  | Uint8Array;

/** A dense tensor: row-major (contiguous) data of `shape`. bool tensors use Uint8Array (0/1). */
export interface Tensor {
  data: TypedArray;
  shape: number[];
  dtype: DType;
}

/**
 * How precisely matrix products (linear layers, matmul) and convolutions are computed:
 * 'highest' in float32; 'high' with each operand the sum of two bfloat16 numbers (three
 * bfloat16 products, float32 sums); 'medium' with operands rounded to bfloat16 and float32 sums.
 * 'high' where the CPU has matrix units (AMX), 'medium' where it has native bfloat16 arithmetic
 * (AMX, AVX512-BF16), else float32. As torch.set_float32_matmul_precision names them.
 */
export type MatmulPrecision = 'highest' | 'high' | 'medium';

/** One input of the method being compiled. */
export interface NativeInputSpec {
  sizes: number[];
  dtype: InputType;
  memoryFormat: MemoryFormat;
}

/** An input dimension: inputs[input].shape[dim]. */
export interface InputDim {
  input: number;
  dim: number;
}

export interface NativeCompileRequest {
  modelPath: string;
  methodName: string;
  modelName: string;
  modelVersion: string;
  inputs: NativeInputSpec[];
  /** Size values whose dimensions become symbolic (the original's --dynamic_dims). */
  dynamicSizes: number[];
  /** Or exactly these input dimensions (--dynamic_dims=input:dim,...); wins over dynamicSizes. */
  dynamicDims?: InputDim[];
  /** Final paths; the addon writes temporaries beside them and renames on success. */
  outputLlvm: string;
  outputModel: string;
  /** The kernel as a native object file; default: outputLlvm with .ll replaced by .o. */
  outputObject?: string;
  /** LLVM target triple (default: the host) and CPU (default: the host CPU, with its features). */
  target?: string;
  cpu?: string;
  /** Default 'highest'. */
  matmulPrecision?: MatmulPrecision;
}

/** A compiled input or output: sizes with 0 for a dynamic dimension. */
export interface TensorSpec {
  /** The method's argument name (inputs, when the compiler recorded it). */
  name?: string;
  sizes: number[];
  dtype: DType;
  memoryFormat: MemoryFormat;
  /**
   * Per dimension: -1 for a static one, else the index of its run-time shape symbol (the
   * artifact's dim_symbols / sym_shape_pos). Dimensions with the same symbol must agree.
   * Present when the addon reports it.
   */
  dimSymbols?: number[];
}

export interface NativeCompileResult {
  kernelFuncName: string;
  kernelId: string;
  inputSpecs: TensorSpec[];
  outputSpecs: TensorSpec[];
  outputLlvm: string;
  outputModel: string;
  outputObject: string;
  /** The resolved target triple and CPU the kernel was generated for. */
  target: string;
  cpu: string;
  matmulPrecision: MatmulPrecision;
}

export type CompilePhase = 'load' | 'freeze' | 'passes' | 'lower' | 'codegen' | 'write';

/**
 * A compiled run's outputs as the addon returns them: each output's data, then (only when an
 * output spec has a dynamic dimension) each output's shape; otherwise the shapes are the specs'.
 * With given outputs, their datas as given.
 */
export type NativeRunResult = Array<TypedArray | number[]>;

export interface NativeCompiledModel {
  readonly methodName: string;
  readonly kernelId: string;
  readonly inputSpecs: TensorSpec[];
  readonly outputSpecs: TensorSpec[];
  readonly matmulPrecision: MatmulPrecision;
  /**
   * Runs on a worker thread (a promise of the result), or inline (the result itself; errors
   * thrown) when the model's recent runs took less than `inlineBelowUs` microseconds. Tensors
   * cross as their data and shapes (checked by the caller; shapes are read only where a spec
   * has a dynamic dimension): see NativeRunResult. With `outputDatas`, the run writes into them.
   */
  run(
    inputDatas: TypedArray[],
    inputShapes: readonly number[][],
    inlineBelowUs: number,
    outputDatas?: TypedArray[],
    outputShapes?: readonly number[][],
  ): Promise<NativeRunResult> | NativeRunResult;
  /** Runs without a worker; as run() inline. */
  runSync(
    inputDatas: TypedArray[],
    inputShapes: readonly number[][],
    outputDatas?: TypedArray[],
    outputShapes?: readonly number[][],
  ): NativeRunResult;
  /**
   * The bench's native loop: the compiled function (input checks, output allocation, the
   * kernel) run `iterations` times on one worker thread; resolves to per-run milliseconds.
   */
  timeRuns(inputs: Tensor[], iterations: number): Promise<Float64Array>;
  /** Microseconds the latest run (run or runSync) spent in the compiled function; -1 before. */
  lastRunUs(): number;
  dispose(): void;
}

export interface NativeScriptModel {
  /** Runs `method` of the original TorchScript model (eval mode, no grad). */
  run(method: string, inputs: Tensor[]): Promise<Tensor[]>;
  /** run() `iterations` times natively on one worker thread; resolves to per-run milliseconds. */
  timeRuns(method: string, inputs: Tensor[], iterations: number): Promise<Float64Array>;
  dispose(): void;
}

export interface LoadTorchScriptOptions {
  /** torch::jit::freeze + optimize_for_inference after loading (the bench's best interpreter). */
  optimize?: boolean;
}

/** What inspect() asks of the addon: a compile request without names and output paths. */
export type NativeInspectRequest = Omit<NativeCompileRequest, 'modelName' | 'modelVersion' | 'outputLlvm' | 'outputModel'>;

/** How an op of the graph is lowered: by NNC itself, by this project, or not at all. */
export type OpStatus = 'native' | 'project' | 'unsupported';

/** One kind of op in the method's graph after the passes. */
export interface InspectedOp {
  /** e.g. 'aten::conv2d' */
  kind: string;
  /** The op's schema, e.g. 'aten::relu(Tensor self) -> Tensor'. */
  schema: string;
  /** How many nodes of this kind the graph has. */
  count: number;
  status: OpStatus;
  /** The model source line of (the first) such node, when known. */
  sourceLine: string;
}

export interface NativeInspectResult {
  ops: InspectedOp[];
  /** The graph after the passes, as text. */
  graph: string;
}

export interface NativeAddon {
  compile(
    request: NativeCompileRequest,
    onProgress?: (phase: CompilePhase, elapsedMs: number) => void,
  ): Promise<NativeCompileResult>;
  loadCompiled(path: string): Promise<NativeCompiledModel>;
  loadTorchScript(path: string, options?: LoadTorchScriptOptions): Promise<NativeScriptModel>;
  /**
   * The intra-op thread count (libtorch's at::set_num_threads, OpenBLAS's) of every later run
   * of compiled and TorchScript models, in this process.
   */
  setNumThreads(threads: number): void;
  /** The kernel family OpenBLAS chose when it loaded (e.g. "SkylakeX"); null without OpenBLAS. */
  blasCoreName(): string | null;
  /** The ops of the method's graph after the passes, each with how it is lowered. */
  inspect(request: NativeInspectRequest): Promise<NativeInspectResult>;
}

let cached: NativeAddon | undefined;

/**
 * The package root: the nearest directory at or above `start` holding a package.json.
 * Works both from dist/lib (compiled) and from lib/ (ts-jest).
 */
export function packageRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json found at or above ${start}`);
    dir = parent;
  }
}

/**
 * Loads the addon once (node-gyp-build: build/Release, else prebuilds/). Throws an
 * AddonLoadError naming a missing library and the apt command that installs it.
 */
export function native(): NativeAddon {
  if (!cached) {
    chooseOpenBlasKernels();  // before OpenBLAS loads with the addon
    cached = loadAddon(packageRoot()) as NativeAddon;
  }
  return cached;
}
