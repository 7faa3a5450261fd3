// Parsing of the original tool's --input_dims ('1,3,224,224;2,2') and --dynamic_dims ('1,2').
import { UsageError } from '../errors';

/** Input dims: one list of sizes per input. */
export type InputDims = number[][];

/** Checks one size: a positive safe integer. `where` names it in the message. */
export function checkDimension(value: number, where: string): number {
  if (!Number.isFinite(value) || !Number.isInteger(value)) {
    throw new UsageError(`${where}: ${String(value)} is not an integer`);
  }
  if (value <= 0) {
    throw new UsageError(`${where}: ${value} is not positive (sizes must be at least 1)`);
  }
  if (!Number.isSafeInteger(value)) {
    throw new UsageError(`${where}: ${value} is too large (above ${Number.MAX_SAFE_INTEGER})`);
  }
  return value;
}

/** Parses one decimal size written in a dims string. */
function parseDimensionText(text: string, where: string): number {
  if (text === '') {
    throw new UsageError(`${where}: empty size (two commas in a row, or a trailing comma?)`);
  }
  if (!/^[+-]?\d+$/.test(text)) {
    throw new UsageError(`${where}: '${text}' is not an integer`);
  }
  return checkDimension(Number(text), where);
}

/** Parses '1,3,224,224;2,2' (';' between inputs, ',' between sizes). */
export function parseInputDims(text: string): InputDims {
  const trimmed = text.trim();
  if (trimmed === '') {
    throw new UsageError('input dims are empty: give the sizes of each input, e.g. 1,3,224,224;2,2');
  }
  return trimmed.split(';').map((inputText, i) => {
    const where = `cannot parse input dims '${text}', input ${i + 1}`;
    const sizes = inputText.trim();
    if (sizes === '') {
      throw new UsageError(`${where}: no sizes (';' separates inputs, ',' separates sizes)`);
    }
    return sizes.split(',').map((s) => parseDimensionText(s.trim(), where));
  });
}

/** Checks dims given as arrays: at least one input, each with at least one positive size. */
export function checkInputDims(dims: readonly (readonly number[])[]): InputDims {
  if (!Array.isArray(dims) || dims.length === 0) {
    throw new UsageError('input dims are empty: give the sizes of each input, e.g. [[1, 3, 224, 224]]');
  }
  return dims.map((sizes, i) => {
    const where = `input dims, input ${i + 1}`;
    if (!Array.isArray(sizes) || sizes.length === 0) {
      throw new UsageError(`${where}: no sizes`);
    }
    return sizes.map((size) => {
      if (typeof size !== 'number') {
        throw new UsageError(`${where}: ${JSON.stringify(size)} is not a number`);
      }
      return checkDimension(size, where);
    });
  });
}

/** Parses --dynamic_dims: comma-separated size values that may vary at run time. */
export function parseDynamicDims(value: string | readonly number[] | undefined): number[] {
  if (value === undefined) return [];
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return [];
    return trimmed.split(',').map((s) => parseDimensionText(s.trim(), `cannot parse dynamic dims '${value}'`));
  }
  if (!Array.isArray(value)) {
    throw new UsageError('dynamic dims must be a string like "1,2" or an array of numbers');
  }
  return value.map((size) => checkDimension(size, 'dynamic dims'));
}
