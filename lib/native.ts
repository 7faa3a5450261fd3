// The native addon's surface, as the TypeScript layer sees it. The addon is built by
// cmake-js (build/Release) or node-gyp, or shipped in prebuilds/; node-gyp-build finds it.
import * as fs from 'fs';
import * as path from 'path';

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
}

/** A compiled input or output: sizes with 0 for a dynamic dimension. */
export interface TensorSpec {
  sizes: number[];
  dtype: DType;
  memoryFormat: MemoryFormat;
}

export interface NativeCompileResult {
  kernelFuncName: string;
  kernelId: string;
  inputSpecs: TensorSpec[];
  outputSpecs: TensorSpec[];
  outputLlvm: string;
  outputModel: string;
}

export type CompilePhase = 'load' | 'freeze' | 'passes' | 'lower' | 'codegen' | 'write';

export interface NativeCompiledModel {
  readonly methodName: string;
  readonly kernelId: string;
  readonly inputSpecs: TensorSpec[];
  readonly outputSpecs: TensorSpec[];
  run(inputs: Tensor[]): Promise<Tensor[]>;
  dispose(): void;
}

export interface NativeScriptModel {
  /** Runs `method` of the original TorchScript model (eval mode, no grad). */
  run(method: string, inputs: Tensor[]): Promise<Tensor[]>;
  dispose(): void;
}

export interface NativeAddon {
  compile(
    request: NativeCompileRequest,
    onProgress?: (phase: CompilePhase, elapsedMs: number) => void,
  ): Promise<NativeCompileResult>;
  loadCompiled(path: string): Promise<NativeCompiledModel>;
  loadTorchScript(path: string): Promise<NativeScriptModel>;
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

/** Loads the addon once. */
export function native(): NativeAddon {
  if (!cached) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const load = require('node-gyp-build') as (dir: string) => unknown;
    cached = load(packageRoot()) as NativeAddon;
  }
  return cached;
}
