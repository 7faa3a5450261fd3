// Seeded random tensors: the same seed gives the same data in every process.
import type { DType, Tensor, TensorSpec } from '../native';
import { allocate, elementCount } from './dtypes';

/** A deterministic generator of floats in [0, 1). */
export type Random = () => number;

/** mulberry32: a small 32-bit PRNG; good enough for test data, not for cryptography. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Value ranges per kind of dtype: [low, high). */
export interface RandomRange {
  low: number;
  high: number;
}

/** Default ranges: floats in [-1, 1), int32/int64 in [0, 10), uint8 in [0, 256), bool 0/1. */
export function defaultRange(dtype: DType): RandomRange {
  switch (dtype) {
    case 'float32':
    case 'float64':
      return { low: -1, high: 1 };
    case 'int64':
    case 'int32':
      return { low: 0, high: 10 };
    case 'uint8':
      return { low: 0, high: 256 };
    case 'bool':
      return { low: 0, high: 2 };
  }
}

/** A tensor of `shape` and `dtype` filled from `random`. */
export function randomTensor(
  shape: readonly number[],
  dtype: DType,
  random: Random,
  range: RandomRange = defaultRange(dtype),
): Tensor {
  const data = allocate(dtype, elementCount(shape));
  const span = range.high - range.low;
  const isFloat = dtype === 'float32' || dtype === 'float64';
  for (let i = 0; i < data.length; i++) {
    const value = range.low + random() * span;
    if (dtype === 'int64') (data as BigInt64Array)[i] = BigInt(Math.floor(value));
    else (data as Float32Array)[i] = isFloat ? value : Math.floor(value);
  }
  return { data, shape: [...shape], dtype };
}

export interface RandomInputsOptions {
  /** Size used for every dynamic (0) dimension. Default 1. */
  dynamicSize?: number;
  /** Overrides the value range for floating-point inputs. */
  floatRange?: RandomRange;
}

/** One seeded random tensor per spec (e.g. a compiled model's inputSpecs). */
export function randomInputs(
  specs: ReadonlyArray<Pick<TensorSpec, 'sizes' | 'dtype'>>,
  seed: number,
  options: RandomInputsOptions = {},
): Tensor[] {
  const random = mulberry32(seed);
  const dynamicSize = options.dynamicSize ?? 1;
  return specs.map((spec) => {
    const shape = spec.sizes.map((size) => (size === 0 ? dynamicSize : size));
    const isFloat = spec.dtype === 'float32' || spec.dtype === 'float64';
    const range = isFloat && options.floatRange ? options.floatRange : defaultRange(spec.dtype);
    return randomTensor(shape, spec.dtype, random, range);
  });
}
