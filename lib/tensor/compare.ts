// Comparing a tensor against an expected one (the oracle's output).
import type { Tensor } from '../native';

export interface TensorComparison {
  /** Largest |expected - actual| (Infinity when NaN-ness differs). */
  maxAbsError: number;
  /** maxAbsError relative to max |expected| (to 1 when expected is all zeros). */
  maxRelError: number;
  /** Largest |expected|: the scale of the relative error. */
  maxAbsExpected: number;
  /** Index of the element with the largest error, -1 when there is none. */
  worstIndex: number;
  shapeMismatch: boolean;
  dtypeMismatch: boolean;
}

function elementAt(t: Tensor, i: number): number {
  return Number(t.data[i]);
}

/** Compares element by element; shape or dtype mismatch gives infinite errors. */
export function compareTensors(expected: Tensor, actual: Tensor): TensorComparison {
  const shapeMismatch =
    expected.shape.length !== actual.shape.length ||
    expected.shape.some((size, i) => size !== actual.shape[i]) ||
    expected.data.length !== actual.data.length;
  const dtypeMismatch = expected.dtype !== actual.dtype;
  let maxAbsExpected = 0;
  for (let i = 0; i < expected.data.length; i++) {
    const e = Math.abs(elementAt(expected, i));
    if (Number.isFinite(e)) maxAbsExpected = Math.max(maxAbsExpected, e);
  }
  if (shapeMismatch) {
    return {
      maxAbsError: Infinity,
      maxRelError: Infinity,
      maxAbsExpected,
      worstIndex: -1,
      shapeMismatch,
      dtypeMismatch,
    };
  }
  let maxAbsError = 0;
  let worstIndex = -1;
  for (let i = 0; i < expected.data.length; i++) {
    const e = elementAt(expected, i);
    const a = elementAt(actual, i);
    let error: number;
    if (Number.isNaN(e) || Number.isNaN(a)) error = Number.isNaN(e) && Number.isNaN(a) ? 0 : Infinity;
    else if (e === a) error = 0;
    else error = Math.abs(e - a);
    if (error > maxAbsError || (worstIndex < 0 && error > 0)) {
      maxAbsError = error;
      worstIndex = i;
    }
  }
  const scale = maxAbsExpected > 0 ? maxAbsExpected : 1;
  return {
    maxAbsError,
    maxRelError: maxAbsError / scale,
    maxAbsExpected,
    worstIndex,
    shapeMismatch,
    dtypeMismatch,
  };
}

/** One line for test failures and the CLI: the errors and what mismatched. */
export function describeComparison(c: TensorComparison): string {
  const parts = [`max abs error ${c.maxAbsError.toExponential(3)}`, `max rel error ${c.maxRelError.toExponential(3)}`];
  if (c.worstIndex >= 0) parts.push(`worst at element ${c.worstIndex}`);
  if (c.shapeMismatch) parts.push('shape mismatch');
  if (c.dtypeMismatch) parts.push('dtype mismatch');
  return parts.join(', ');
}
