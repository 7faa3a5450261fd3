// compile(): the original aot_model_compiler as a promise, plus the per-model declaration.
import { promises as fs } from 'fs';
import * as path from 'path';
import { native } from './native';
import type { MatmulPrecision, NativeCompileResult, TensorSpec } from './native';
import { toCompileRequest } from './options/compile-options';
import type { CompileOptions } from './options/compile-options';
import { checkRequestPaths } from './options/check-paths';
import { declarationPath } from './declaration/declaration-path';
import { writeModelDeclaration } from './declaration/write-declaration';
import { packageVersion } from './package-info';

export interface CompileResult {
  /** The LLVM assembly written (path as given or derived from the model path). */
  outputLlvm: string;
  /** The compiled (lite-interpreter) model written. */
  outputModel: string;
  /** The kernel as a native object file for the target. */
  outputObject: string;
  /** The LLVM target triple and CPU the kernel was generated for. */
  target: string;
  cpu: string;
  /** How matrix products and convolutions compute (the matmulPrecision option). */
  matmulPrecision: MatmulPrecision;
  /** The TypeScript declaration of the model's inputs and outputs, unless disabled. */
  outputDeclaration?: string;
  /** nnc_<name>_<version>_<method> */
  kernelFuncName: string;
  /** <name>:<version>:<method>:VERTOKEN */
  kernelId: string;
  inputSpecs: TensorSpec[];
  outputSpecs: TensorSpec[];
}

async function checkDeclarationDir(file: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat || !stat.isDirectory()) {
    throw new Error(`cannot write the model declaration ${file}: directory ${dir} does not exist`);
  }
}

async function writeDeclaration(file: string, outputModel: string, result: NativeCompileResult): Promise<void> {
  try {
    await writeModelDeclaration(file, {
      outputModel,
      kernelId: result.kernelId,
      kernelFuncName: result.kernelFuncName,
      inputSpecs: result.inputSpecs,
      outputSpecs: result.outputSpecs,
      generator: packageVersion(),
    });
  } catch (error) {
    // All or nothing: without its declaration the compile failed, so remove what it wrote.
    const written = [result.outputLlvm, result.outputModel, result.outputObject].filter(
      (f): f is string => typeof f === 'string' && f !== '',
    );
    await Promise.all(written.map((f) => fs.rm(f, { force: true })));
    throw new Error(`cannot write the model declaration ${file}: ${(error as Error).message}`);
  }
}

/**
 * Compiles one method of a TorchScript model ahead of time, off the event loop. Writes the
 * LLVM assembly, the compiled model and (unless `outputDeclaration: false`) its TypeScript
 * declaration. Rejects with a UsageError for invalid options, and with an Error carrying the
 * compiler's message when compiling fails; no output files are left behind on failure.
 */
export async function compile(options: CompileOptions): Promise<CompileResult> {
  const request = toCompileRequest(options);
  await checkRequestPaths(request);
  const declaration =
    options.outputDeclaration === false ? undefined : options.outputDeclaration ?? declarationPath(request.outputModel);
  if (declaration !== undefined) await checkDeclarationDir(declaration);
  const result = await native().compile(
    {
      ...request,
      modelPath: path.resolve(request.modelPath),
      outputLlvm: path.resolve(request.outputLlvm),
      outputModel: path.resolve(request.outputModel),
      ...(request.outputObject !== undefined ? { outputObject: path.resolve(request.outputObject) } : {}),
    },
    options.onProgress,
  );
  if (declaration !== undefined) await writeDeclaration(path.resolve(declaration), request.outputModel, result);
  return {
    outputLlvm: request.outputLlvm,
    outputModel: request.outputModel,
    outputObject: request.outputObject ?? result.outputObject,
    target: result.target,
    cpu: result.cpu,
    matmulPrecision: result.matmulPrecision,
    ...(declaration !== undefined ? { outputDeclaration: declaration } : {}),
    kernelFuncName: result.kernelFuncName,
    kernelId: result.kernelId,
    inputSpecs: result.inputSpecs,
    outputSpecs: result.outputSpecs,
  };
}
