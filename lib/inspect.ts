// inspect(): which ops a model's method has after the graph passes, and how each is lowered.
import * as path from 'path';
import { native } from './native';
import type { InspectedOp, NativeInspectRequest } from './native';
import { toCompileRequest } from './options/compile-options';
import type { CompileOptions } from './options/compile-options';
import { checkRequestPaths } from './options/check-paths';

/** The compile options that shape the graph; names, versions and outputs play no part. */
export type InspectOptions = Pick<
  CompileOptions,
  'model' | 'inputDims' | 'inputTypes' | 'inputMemoryFormats' | 'dynamicDims' | 'methodName'
>;

export interface InspectResult {
  /** One entry per op kind, with its count and status. */
  ops: InspectedOp[];
  /** The ops nothing lowers: compiling the model fails on them. */
  unsupported: InspectedOp[];
  /** True when every op is lowered (natively by NNC or by this project). */
  supported: boolean;
  /** The method's graph after the passes, as text. */
  graph: string;
}

/**
 * Runs the compiler's graph passes on `model` for the given inputs (off the event loop) and
 * lists the ops left, each marked 'native' (NNC lowers it), 'project' (this package lowers or
 * rewrites it) or 'unsupported'. Writes no files. Rejects with a UsageError for invalid options.
 */
export async function inspect(options: InspectOptions): Promise<InspectResult> {
  const compileRequest = toCompileRequest({ ...options, modelName: 'inspect', modelVersion: 'v0' });
  await checkRequestPaths(compileRequest);
  const { modelName: _n, modelVersion: _v, outputLlvm: _l, outputModel: _m, ...rest } = compileRequest;
  const request: NativeInspectRequest = { ...rest, modelPath: path.resolve(rest.modelPath) };
  const addon = native();
  if (typeof addon.inspect !== 'function') {
    throw new Error('this build of the native addon has no inspect(): rebuild it (npm run build:native)');
  }
  const result = await addon.inspect(request);
  const unsupported = result.ops.filter((op) => op.status === 'unsupported');
  return { ops: result.ops, unsupported, supported: unsupported.length === 0, graph: result.graph };
}
