// Tensor types narrowed by dtype and shape, used by the per-model declarations (<model>.compiled.d.ts).
import type { DType, Tensor } from '../native';

/** The TypedArray that holds each dtype. */
export interface DataTypeMap {
  float32: Float32Array;
  float64: Float64Array;
  int64: BigInt64Array;
  int32: Int32Array;
  uint8: Uint8Array;
  bool: Uint8Array;
}

/** A Tensor of dtype `D` and shape `S` (e.g. [number, 3, 224, 224]: a dynamic batch). */
export interface TensorOf<D extends DType, S extends number[] = number[]> extends Tensor {
  data: DataTypeMap[D];
  shape: S;
  dtype: D;
}
