// File-system checks made before compiling, so the common mistakes get a clear message.
import { promises as fs } from 'fs';
import * as path from 'path';
import { UsageError } from '../errors';
import type { NativeCompileRequest } from '../native';

async function statOrUndefined(p: string): Promise<import('fs').Stats | undefined> {
  try {
    return await fs.stat(p);
  } catch {
    return undefined;
  }
}

async function checkModelFile(modelPath: string): Promise<void> {
  const stat = await statOrUndefined(modelPath);
  if (!stat) throw new Error(`model file not found: ${modelPath}`);
  if (!stat.isFile()) throw new Error(`model path is not a file: ${modelPath}`);
}

async function checkOutputPath(outputPath: string, what: string): Promise<void> {
  const dir = path.dirname(path.resolve(outputPath));
  const dirStat = await statOrUndefined(dir);
  if (!dirStat) {
    throw new Error(`cannot write ${what} ${outputPath}: directory ${dir} does not exist`);
  }
  if (!dirStat.isDirectory()) {
    throw new Error(`cannot write ${what} ${outputPath}: ${dir} is not a directory`);
  }
  const stat = await statOrUndefined(outputPath);
  if (stat && stat.isDirectory()) {
    throw new Error(`cannot write ${what} ${outputPath}: it is a directory`);
  }
}

/** Checks the model exists and the outputs can be placed; distinct paths are a usage rule. */
export async function checkRequestPaths(request: NativeCompileRequest): Promise<void> {
  const model = path.resolve(request.modelPath);
  const llvm = path.resolve(request.outputLlvm);
  const compiled = path.resolve(request.outputModel);
  const object = request.outputObject !== undefined ? path.resolve(request.outputObject) : undefined;
  if (llvm === compiled) {
    throw new UsageError(`output LLVM and output model are the same file: ${request.outputModel}`);
  }
  if (object !== undefined && (object === llvm || object === compiled)) {
    throw new UsageError(`the object output is the same file as another output: ${request.outputObject}`);
  }
  if (llvm === model || compiled === model || object === model) {
    throw new UsageError(`an output path is the model itself: ${request.modelPath}`);
  }
  await checkModelFile(request.modelPath);
  await checkOutputPath(request.outputLlvm, 'LLVM output');
  await checkOutputPath(request.outputModel, 'compiled model');
  if (request.outputObject !== undefined) await checkOutputPath(request.outputObject, 'object output');
}
