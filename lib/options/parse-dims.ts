// Parsing of the original tool's --input_dims ('1,3,224,224;2,2') and --dynamic_dims ('1' or '0:0').
import { UsageError } from '../errors';
import type { InputDim } from '../native';

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

/** What --dynamic_dims names: size values (upstream's form) or exact input:dim positions. */
export interface DynamicDims {
  sizes: number[];
  positions: InputDim[];
}

function parsePosition(text: string, dims: number[][], whole: string): InputDim {
  const match = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(text);
  if (!match) {
    throw new UsageError(
      `cannot parse dynamic dims '${whole}': '${text}' is not input:dim (e.g. 0:0 for the first input's first dimension)`,
    );
  }
  return checkPosition({ input: Number(match[1]), dim: Number(match[2]) }, dims);
}

function checkPosition(position: InputDim, dims: number[][]): InputDim {
  const { input, dim } = position;
  if (!Number.isSafeInteger(input) || !Number.isSafeInteger(dim) || input < 0 || dim < 0) {
    throw new UsageError(`dynamic dims: position ${JSON.stringify(position)} must hold non-negative integers`);
  }
  if (input >= dims.length) {
    throw new UsageError(`dynamic dims: ${input}:${dim} names input ${input}, but there are ${dims.length} inputs`);
  }
  if (dim >= dims[input].length) {
    throw new UsageError(
      `dynamic dims: ${input}:${dim} names dimension ${dim}, but input ${input} has ${dims[input].length} dimensions`,
    );
  }
  return { input, dim };
}

/**
 * Parses --dynamic_dims. Size values ('1' or [1]): every input dimension of that size is
 * dynamic, as in the original tool. Positions ('0:0,1:0' or [{input: 0, dim: 0}]): exactly
 * those dimensions.
 */
export function parseDynamicDims(
  value: string | readonly number[] | readonly InputDim[] | undefined,
  dims: number[][],
): DynamicDims {
  const none: DynamicDims = { sizes: [], positions: [] };
  if (value === undefined) return none;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return none;
    const items = trimmed.split(',');
    if (trimmed.includes(':')) {
      return { sizes: [], positions: items.map((item) => parsePosition(item, dims, value)) };
    }
    return { sizes: items.map((s) => parseDimensionText(s.trim(), `cannot parse dynamic dims '${value}'`)), positions: [] };
  }
  if (!Array.isArray(value)) {
    throw new UsageError('dynamic dims must be a string like "1" or "0:0", or an array of sizes or {input, dim}');
  }
  const items: readonly unknown[] = value;
  if (items.every((item) => typeof item === 'object' && item !== null)) {
    return { sizes: [], positions: (items as InputDim[]).map((item) => checkPosition(item, dims)) };
  }
  return { sizes: items.map((size) => checkDimension(size as number, 'dynamic dims')), positions: [] };
}
