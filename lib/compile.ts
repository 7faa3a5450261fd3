// compile(): the original aot_model_compiler as a promise.
import * as path from 'path';
import { native } from './native';
import type { TensorSpec } from './native';
import { toCompileRequest } from './options/compile-options';
import type { CompileOptions } from './options/compile-options';
import { checkRequestPaths } from './options/check-paths';

export interface CompileResult {
  /** The LLVM assembly written (path as given or derived from the model path). */
  outputLlvm: string;
  /** The compiled (lite-interpreter) model written. */
  outputModel: string;
  /** nnc_<name>_<version>_<method> */
  kernelFuncName: string;
  /** <name>:<version>:<method>:VERTOKEN */
  kernelId: string;
  inputSpecs: TensorSpec[];
  outputSpecs: TensorSpec[];
}

/**
 * Compiles one method of a TorchScript model ahead of time. Rejects with a UsageError for
 * invalid options, and with an Error carrying the compiler's message when compiling fails;
 * no output files are left behind on failure.
 */
export async function compile(options: CompileOptions): Promise<CompileResult> {
  const request = toCompileRequest(options);
  await checkRequestPaths(request);
  const result = await native().compile(
    {
      ...request,
      modelPath: path.resolve(request.modelPath),
      outputLlvm: path.resolve(request.outputLlvm),
      outputModel: path.resolve(request.outputModel),
    },
    options.onProgress,
  );
  return {
    outputLlvm: request.outputLlvm,
    outputModel: request.outputModel,
    kernelFuncName: result.kernelFuncName,
    kernelId: result.kernelId,
    inputSpecs: result.inputSpecs,
    outputSpecs: result.outputSpecs,
  };
}
