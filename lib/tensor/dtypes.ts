// Element types: which TypedArray holds each dtype, and mapping from the compiler's input types.
import type { DType, InputType, TypedArray } from '../native';

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int64', 'int32', 'uint8', 'bool'];

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}

/** The TypedArray class that holds `dtype` (bool uses Uint8Array with 0/1). */
export function typedArrayName(dtype: DType): string {
  switch (dtype) {
    case 'float32':
      return 'Float32Array';
    case 'float64':
      return 'Float64Array';
    case 'int64':
      return 'BigInt64Array';
    case 'int32':
      return 'Int32Array';
    case 'uint8':
    case 'bool':
      return 'Uint8Array';
  }
}

/** A zero-filled array of `length` elements for `dtype`. */
export function allocate(dtype: DType, length: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length);
    case 'float64':
      return new Float64Array(length);
    case 'int64':
      return new BigInt64Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'uint8':
    case 'bool':
      return new Uint8Array(length);
  }
}

/** True when `data` is the TypedArray class used for `dtype`. */
export function matchesDType(data: TypedArray, dtype: DType): boolean {
  return data.constructor.name === typedArrayName(dtype);
}

/** The tensor dtype of an input declared with the original tool's --input_types. */
export function dtypeOfInputType(type: InputType): DType {
  switch (type) {
    case 'float':
      return 'float32';
    case 'int64':
      return 'int64';
    case 'uint8':
      return 'uint8';
  }
}

/** Number of elements of a shape (1 for a scalar's empty shape). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, size) => n * size, 1);
}
