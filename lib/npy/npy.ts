// Reading and writing tensors as .npy files (numpy's format), C order, little-endian.
import { promises as fs } from 'fs';
import type { Tensor } from '../native';
import { allocate, elementCount } from '../tensor/dtypes';
import { descrOf, dtypeOfDescr, itemSize } from './descr';
import { formatHeader, parseHeader } from './header';

/** Decodes .npy bytes into a Tensor (a copy: the data is aligned for its TypedArray). */
export function decodeNpy(npy: Uint8Array): Tensor {
  const buffer = Buffer.from(npy.buffer, npy.byteOffset, npy.byteLength);
  const header = parseHeader(buffer);
  if (header.fortranOrder) {
    throw new Error('Fortran-order .npy data is not supported: save it with np.ascontiguousarray(arr)');
  }
  const dtype = dtypeOfDescr(header.descr);
  const count = elementCount(header.shape);
  const bytes = count * itemSize(dtype);
  const available = buffer.length - header.dataOffset;
  if (available < bytes) {
    throw new Error(`truncated .npy data: shape (${header.shape.join(', ')}) needs ${bytes} bytes, the file has ${available}`);
  }
  const data = allocate(dtype, count);
  new Uint8Array(data.buffer, data.byteOffset, bytes).set(buffer.subarray(header.dataOffset, header.dataOffset + bytes));
  return { data, shape: [...header.shape], dtype };
}

/** Encodes a Tensor as .npy bytes. */
export function encodeNpy(tensor: Tensor): Uint8Array {
  const header = formatHeader(descrOf(tensor.dtype), tensor.shape);
  const expected = elementCount(tensor.shape);
  if (tensor.data.length !== expected) {
    throw new Error(`shape [${tensor.shape.join(', ')}] needs ${expected} elements, data has ${tensor.data.length}`);
  }
  const body = Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  return Buffer.concat([header, body]);
}

/** Reads a .npy file; errors name the file. */
export async function readNpy(file: string): Promise<Tensor> {
  const buffer = await fs.readFile(file);
  try {
    return decodeNpy(buffer);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

/** Writes a tensor as a .npy file. */
export async function writeNpy(file: string, tensor: Tensor): Promise<void> {
  await fs.writeFile(file, encodeNpy(tensor));
}
