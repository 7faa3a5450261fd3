// verify(): trust a compiled model by comparing it with the original TorchScript model on the
// same seeded random inputs.
import * as path from 'path';
import { compile } from './compile';
import type { CompileOptions } from './options/compile-options';
import { UsageError } from './errors';
import { load } from './model/compiled-model';
import { loadTorchScript } from './model/torchscript-model';
import { runShapes, seededInputs } from './model/run-shapes';
import { checkOutput, worstOf } from './verify/report';
import type { TrialReport, VerifyReport } from './verify/report';
import type { RandomRange } from './tensor/random';

export const DEFAULT_RTOL = 1e-4;
/** The default rtol for a model compiled with matmulPrecision 'medium' (bfloat16 products). */
export const DEFAULT_MEDIUM_PRECISION_RTOL = 2e-2;
export const DEFAULT_ATOL = 0;
export const DEFAULT_TRIALS = 3;

export type { OutputCheck, TrialReport, VerifyReport } from './verify/report';

export interface VerifyOptions extends Partial<Omit<CompileOptions, 'model'>> {
  /** The original TorchScript model (the oracle). */
  model: string;
  /**
   * An existing compiled model to check. Without it, verify() first compiles `model` with the
   * compile options (modelName defaults to the model's file name, modelVersion to 'v1').
   */
  compiled?: string;
  /** Random trials, each with its own inputs (seed, seed + 1, ...). Default 3. */
  trials?: number;
  /** Seed of the first trial's inputs. Default 0. */
  seed?: number;
  /**
   * Max error relative to the output's max |expected|. Default 1e-4, or 2e-2 for a model
   * compiled with matmulPrecision 'medium'.
   */
  rtol?: number;
  /** Max absolute error; an output passes when within rtol or within atol. Default 0. */
  atol?: number;
  /**
   * Run-time input shapes, which may differ from the compiled ones in dynamic dims. Default:
   * inputDims when compiling; else the compiled sizes with 1 for each dynamic dim.
   */
  runDims?: string | readonly (readonly number[])[];
  /** Range of random float inputs. Default [-1, 1). */
  floatRange?: RandomRange;
}

function checkNumber(value: number | undefined, name: string, fallback: number, integer: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${name} must be a non-negative ${integer ? 'integer' : 'number'}, got ${String(value)}`);
  }
  return value;
}

function stem(file: string): string {
  return path.basename(file, path.extname(file)).replace(/[^A-Za-z0-9_]/g, '_') || 'model';
}

async function compiledModelFor(options: VerifyOptions): Promise<{ compiled: string; compiledNow: boolean }> {
  if (options.compiled !== undefined) {
    if (typeof options.compiled !== 'string' || options.compiled === '') {
      throw new UsageError('compiled must be the path of a compiled model');
    }
    return { compiled: options.compiled, compiledNow: false };
  }
  const { compiled: _compiled, trials: _t, seed: _s, rtol: _r, atol: _a, runDims: _d, floatRange: _f, ...rest } = options;
  const result = await compile({
    ...rest,
    model: options.model,
    modelName: options.modelName || stem(options.model),
    modelVersion: options.modelVersion || 'v1',
    inputDims: options.inputDims ?? '',
  });
  return { compiled: result.outputModel, compiledNow: true };
}

/**
 * Runs the original TorchScript model and the compiled model on the same seeded random
 * inputs and reports, per output, the max absolute and relative errors. `passed` is false when
 * an output is beyond both tolerances, or shapes, dtypes or output counts differ. Rejects with
 * a UsageError for invalid options (e.g. run dims not matching the compiled shapes).
 */
export async function verify(options: VerifyOptions): Promise<VerifyReport> {
  if (!options || typeof options.model !== 'string' || options.model === '') {
    throw new UsageError('missing required option model (--model): the original TorchScript model');
  }
  const trials = checkNumber(options.trials, 'trials', DEFAULT_TRIALS, true);
  if (trials < 1) throw new UsageError('trials must be at least 1');
  const seed = checkNumber(options.seed, 'seed', 0, true);
  const givenRtol = options.rtol === undefined ? undefined : checkNumber(options.rtol, 'rtol', DEFAULT_RTOL, false);
  const atol = checkNumber(options.atol, 'atol', DEFAULT_ATOL, false);
  const { compiled, compiledNow } = await compiledModelFor(options);
  const model = await load(compiled);
  try {
    const rtol = givenRtol ?? (model.matmulPrecision === 'medium' ? DEFAULT_MEDIUM_PRECISION_RTOL : DEFAULT_RTOL);
    const dims = options.runDims ?? options.inputDims;
    const shapes = runShapes(model.inputSpecs, dims);
    const original = await loadTorchScript(options.model);
    try {
      const reports: TrialReport[] = [];
      for (let t = 0; t < trials; t++) {
        const inputs = seededInputs(model.inputSpecs, shapes, seed + t, options.floatRange);
        const expected = await original.run(inputs, model.methodName);
        const actual = await model.run(inputs);
        const outputs = expected.map((e, i) => checkOutput(i, e, actual[i], rtol, atol));
        const countMismatch = expected.length !== actual.length;
        reports.push({
          seed: seed + t,
          inputShapes: shapes.map((s) => [...s]),
          outputs,
          ...(countMismatch ? { outputCountMismatch: { expected: expected.length, actual: actual.length } } : {}),
          passed: !countMismatch && outputs.every((o) => o.passed),
        });
      }
      return {
        model: options.model,
        compiled,
        compiledNow,
        methodName: model.methodName,
        rtol,
        atol,
        trials: reports,
        worst: worstOf(reports),
        passed: reports.every((r) => r.passed),
      };
    } finally {
      original.dispose();
    }
  } finally {
    model.dispose();
  }
}
