// Building Tensor objects from typed arrays, plain arrays and nested arrays.
import type { DType, Tensor, TypedArray } from '../native';
import { allocate, elementCount, isDType, matchesDType, typedArrayName } from './dtypes';

/** Nested arrays of numbers (or bigints / booleans), e.g. [[1, 2], [3, 4]]. */
export type NestedArray = ReadonlyArray<number | bigint | boolean | NestedArray>;

/** Flat element data: a TypedArray or a plain array. */
export type TensorData = TypedArray | ReadonlyArray<number | bigint | boolean>;

/** A tensor whose data may be a plain array and whose dtype may be left to the receiver. */
export interface TensorLike {
  data: TensorData;
  shape: readonly number[];
  dtype?: DType;
}

/** What run() accepts per input: a Tensor, a TensorLike, or nested arrays. */
export type TensorInput = Tensor | TensorLike | NestedArray;

function isTypedArray(value: unknown): value is TypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/** The shape of nested arrays; throws on ragged arrays. */
export function shapeOf(nested: NestedArray): number[] {
  const shape: number[] = [];
  let level: unknown = nested;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const check = (value: unknown, depth: number, where: string): void => {
    if (depth === shape.length) {
      if (Array.isArray(value)) throw new Error(`ragged nested array at ${where}`);
      return;
    }
    if (!Array.isArray(value) || value.length !== shape[depth]) {
      throw new Error(`ragged nested array at ${where}: expected ${shape[depth]} elements`);
    }
    value.forEach((v, i) => check(v, depth + 1, `${where}[${i}]`));
  };
  check(nested, 0, 'root');
  return shape;
}

function flatten(nested: NestedArray): Array<number | bigint | boolean> {
  return (nested as unknown[]).flat(Infinity) as Array<number | bigint | boolean>;
}

function toElement(value: number | bigint | boolean, dtype: DType, index: number): number | bigint {
  if (dtype === 'int64') {
    if (typeof value === 'bigint') return value;
    const n = Number(value);
    if (!Number.isInteger(n)) throw new Error(`element ${index} (${String(value)}) is not an integer for int64`);
    return BigInt(n);
  }
  const n = typeof value === 'boolean' ? (value ? 1 : 0) : Number(value);
  if (dtype === 'bool') return n !== 0 ? 1 : 0;
  return n;
}

/** Copies plain elements into the TypedArray for `dtype`. */
export function toTypedArray(values: ReadonlyArray<number | bigint | boolean>, dtype: DType): TypedArray {
  const out = allocate(dtype, values.length);
  values.forEach((value, i) => {
    (out as unknown as Array<number | bigint>)[i] = toElement(value, dtype, i);
  });
  return out;
}

/**
 * Creates a tensor. `data` may be a TypedArray (used as is; it must match `dtype`), a flat
 * array, or nested arrays (then `shape` may be omitted). Default dtype: float32.
 */
export function tensor(data: TensorData | NestedArray, shape?: readonly number[], dtype: DType = 'float32'): Tensor {
  if (!isDType(dtype)) throw new Error(`unknown dtype '${String(dtype)}'`);
  let typed: TypedArray;
  let resolvedShape: number[];
  if (isTypedArray(data)) {
    if (!matchesDType(data, dtype)) {
      throw new Error(`${dtype} data must be a ${typedArrayName(dtype)}, got ${data.constructor.name}`);
    }
    typed = data;
    resolvedShape = shape ? [...shape] : [data.length];
  } else {
    const nested = data as NestedArray;
    const inferred = shapeOf(nested);
    typed = toTypedArray(flatten(nested), dtype);
    resolvedShape = shape ? [...shape] : inferred;
  }
  if (elementCount(resolvedShape) !== typed.length) {
    throw new Error(
      `shape [${resolvedShape.join(', ')}] needs ${elementCount(resolvedShape)} elements, data has ${typed.length}`,
    );
  }
  return { data: typed, shape: resolvedShape, dtype };
}

function isTensorLike(value: TensorInput): value is TensorLike {
  return !Array.isArray(value) && typeof value === 'object' && value !== null && 'data' in value && 'shape' in value;
}

/** Converts one run() input to a Tensor; plain data takes `defaultDType` unless it names one. */
export function toTensor(input: TensorInput, defaultDType: DType): Tensor {
  if (isTensorLike(input)) {
    return tensor(input.data, input.shape, input.dtype ?? defaultDType);
  }
  if (Array.isArray(input)) return tensor(input as NestedArray, undefined, defaultDType);
  throw new Error('expected a tensor ({ data, shape, dtype }) or nested arrays');
}
