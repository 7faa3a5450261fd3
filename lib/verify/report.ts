// verify()'s report: per output and trial, the errors against the original, and the verdict.
import type { DType, Tensor } from '../native';
import { compareTensors } from '../tensor/compare';

/** One output of one trial, compared with the original's. */
export interface OutputCheck {
  /** 1-based, as in messages. */
  output: number;
  shape: number[];
  dtype: DType;
  maxAbsError: number;
  /** maxAbsError / max |expected| (1 when expected is all zeros). */
  maxRelError: number;
  maxAbsExpected: number;
  shapeMismatch: boolean;
  dtypeMismatch: boolean;
  passed: boolean;
}

export interface TrialReport {
  seed: number;
  inputShapes: number[][];
  outputs: OutputCheck[];
  /** Set when the two models returned different numbers of outputs. */
  outputCountMismatch?: { expected: number; actual: number };
  passed: boolean;
}

export interface VerifyReport {
  model: string;
  compiled: string;
  /** True when verify() compiled the model itself. */
  compiledNow: boolean;
  methodName: string;
  rtol: number;
  atol: number;
  trials: TrialReport[];
  /** Per output, the worst errors over all trials. */
  worst: OutputCheck[];
  passed: boolean;
}

/** Compares one output; it passes within rtol or atol, with matching shape and dtype. */
export function checkOutput(index: number, expected: Tensor, actual: Tensor | undefined, rtol: number, atol: number): OutputCheck {
  const got = actual ?? { data: new Float32Array(0), shape: [], dtype: expected.dtype };
  const c = compareTensors(expected, got);
  const withinTolerance = c.maxAbsError <= atol || c.maxRelError <= rtol;
  return {
    output: index + 1,
    shape: [...got.shape],
    dtype: got.dtype,
    maxAbsError: c.maxAbsError,
    maxRelError: c.maxRelError,
    maxAbsExpected: c.maxAbsExpected,
    shapeMismatch: c.shapeMismatch,
    dtypeMismatch: c.dtypeMismatch,
    passed: actual !== undefined && !c.shapeMismatch && !c.dtypeMismatch && withinTolerance,
  };
}

/** Per output, the worst figures over all trials. */
export function worstOf(trials: readonly TrialReport[]): OutputCheck[] {
  const worst: OutputCheck[] = [];
  for (const trial of trials) {
    trial.outputs.forEach((check, i) => {
      const current = worst[i];
      worst[i] = {
        ...check,
        maxAbsError: Math.max(current?.maxAbsError ?? 0, check.maxAbsError),
        maxRelError: Math.max(current?.maxRelError ?? 0, check.maxRelError),
        maxAbsExpected: Math.max(current?.maxAbsExpected ?? 0, check.maxAbsExpected),
        shapeMismatch: (current?.shapeMismatch ?? false) || check.shapeMismatch,
        dtypeMismatch: (current?.dtypeMismatch ?? false) || check.dtypeMismatch,
        passed: (current?.passed ?? true) && check.passed,
      };
    });
  }
  return worst;
}
