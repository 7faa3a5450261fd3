// aot-model-compiler: the public API.
export { compile } from './compile';
export type { CompileResult } from './compile';
export { inspect } from './inspect';
export type { InspectOptions, InspectResult } from './inspect';
export { verify, DEFAULT_ATOL, DEFAULT_MEDIUM_PRECISION_RTOL, DEFAULT_RTOL, DEFAULT_TRIALS } from './verify';
export type { VerifyOptions, VerifyReport, TrialReport, OutputCheck } from './verify';
export { runShapes, seededInputs } from './model/run-shapes';
export { readNpy, writeNpy, decodeNpy, encodeNpy } from './npy/npy';
export { declarationPath } from './declaration/declaration-path';
export { renderModelDeclaration } from './declaration/model-declaration';
export type { ModelDeclarationInfo } from './declaration/model-declaration';
export { AddonLoadError, loadAddon } from './addon/load-addon';
export type { AddonLoader } from './addon/load-addon';
export { describeLoadFailure, RUNTIME_LIBRARIES } from './addon/missing-library';
export type { RuntimeLibrary } from './addon/missing-library';
export type { TensorOf, DataTypeMap } from './tensor/typed';
export type { CompileOptions } from './options/compile-options';
export { toCompileRequest } from './options/compile-options';
export { defaultOutputPaths } from './options/output-paths';
export type { OutputPaths } from './options/output-paths';
export { parseInputDims, parseDynamicDims } from './options/parse-dims';
export { INPUT_TYPES, MEMORY_FORMATS } from './options/parse-lists';
export { UsageError, isUsageError } from './errors';
export { load, CompiledModel } from './model/compiled-model';
export type { LoadOptions, RunOptions } from './model/compiled-model';
export { setNumThreads } from './threads';
export { loadTorchScript, TorchScriptModel } from './model/torchscript-model';
export { tensor, toTensor, shapeOf } from './tensor/tensor';
export type { TensorData, TensorInput, TensorLike, NestedArray } from './tensor/tensor';
export { DTYPES, dtypeOfInputType, elementCount } from './tensor/dtypes';
export { mulberry32, randomTensor, randomInputs, defaultRange } from './tensor/random';
export type { Random, RandomRange, RandomInputsOptions } from './tensor/random';
export { compareTensors, describeComparison } from './tensor/compare';
export type { TensorComparison } from './tensor/compare';
export type {
  CompilePhase,
  DType,
  InputDim,
  InputType,
  InspectedOp,
  MatmulPrecision,
  MemoryFormat,
  OpStatus,
  Tensor,
  TensorSpec,
  TypedArray,
} from './native';
