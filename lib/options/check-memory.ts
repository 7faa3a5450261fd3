// Refusing input dims too large to compile with, before anything is allocated.
import * as os from 'os';
import { UsageError } from '../errors';
import type { InputType } from '../native';

/** Bytes per element of each input type. */
const ELEMENT_BYTES: Record<InputType, number> = { float: 4, int64: 8, uint8: 1 };

/**
 * The most bytes the example inputs may take: a quarter of the machine's physical memory
 * (the native side applies the same limit). Compiling runs the model on random example
 * inputs of the given sizes, made as float data and converted to each input's type.
 */
export function exampleInputByteLimit(): number {
  return Math.floor(os.totalmem() / 4);
}

function gibibytes(bytes: number): string {
  return `${(bytes / 2 ** 30).toPrecision(3)} GiB`;
}

/** Throws a UsageError when the example inputs for `dims` would not fit the limit. */
export function checkExampleInputSize(dims: readonly (readonly number[])[], types: readonly InputType[]): void {
  // Doubles: a product of huge sizes becomes a huge number (or Infinity), never wraps.
  const bytes = dims.reduce(
    (total, sizes, i) => total + sizes.reduce((n, s) => n * s, 1) * (4 + ELEMENT_BYTES[types[i]]),
    0,
  );
  const limit = exampleInputByteLimit();
  if (bytes > limit) {
    throw new UsageError(
      `input dims ${dims.map((d) => d.join(',')).join(';')} are too large: compiling runs the model on example ` +
        `inputs of these sizes, which need ${gibibytes(bytes)}, more than a quarter of this machine's memory ` +
        `(${gibibytes(os.totalmem())})`,
    );
  }
}
