// The .npy dtype descriptors this package reads and writes (little-endian, as on x86-64 / arm64).
import type { DType } from '../native';

/** numpy's type code and size, without the byte-order character. */
const CODE_BY_DTYPE: Readonly<Record<DType, string>> = {
  float32: 'f4',
  float64: 'f8',
  int64: 'i8',
  int32: 'i4',
  uint8: 'u1',
  bool: 'b1',
};

/** Bytes per element of a dtype. */
export function itemSize(dtype: DType): number {
  return Number(CODE_BY_DTYPE[dtype].slice(1));
}

/** The numpy descr of a dtype: '<f4', or '|u1' for 1-byte types. */
export function descrOf(dtype: DType): string {
  return `${itemSize(dtype) === 1 ? '|' : '<'}${CODE_BY_DTYPE[dtype]}`;
}

/** The dtype of a numpy descr ('<f4', '=i8', '|b1'); big-endian multi-byte data is refused. */
export function dtypeOfDescr(descr: string): DType {
  const order = /^[<>=|]/.test(descr) ? descr[0] : '=';
  const code = /^[<>=|]/.test(descr) ? descr.slice(1) : descr;
  const found = (Object.keys(CODE_BY_DTYPE) as DType[]).find((dtype) => CODE_BY_DTYPE[dtype] === code);
  if (found === undefined) {
    throw new Error(`unsupported .npy dtype '${descr}' (supported: float32, float64, int64, int32, uint8, bool)`);
  }
  if (order === '>' && itemSize(found) > 1) {
    throw new Error(`big-endian .npy data ('${descr}') is not supported: save it with arr.astype('<${code}')`);
  }
  return found;
}
