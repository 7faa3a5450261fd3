// Checking run() inputs against a compiled model's input specs, before calling the kernel.
import type { Tensor, TensorSpec } from '../native';
import { elementCount, matchesDType, typedArrayName } from '../tensor/dtypes';
import { toTensor } from '../tensor/tensor';
import type { TensorInput } from '../tensor/tensor';

function describeSizes(sizes: readonly number[]): string {
  return `[${sizes.map((s) => (s === 0 ? '?' : String(s))).join(', ')}]`;
}

/** A transferred ArrayBuffer cannot be viewed any more. */
function isDetached(buffer: ArrayBufferLike): boolean {
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

function checkOne(input: TensorInput, spec: TensorSpec, index: number): Tensor {
  const name = `input ${index + 1}`;
  const declared = !Array.isArray(input) && typeof input === 'object' && input !== null && 'dtype' in input
    ? input.dtype
    : undefined;
  if (declared !== undefined && declared !== spec.dtype) {
    throw new Error(`${name}: expected dtype ${spec.dtype}, got ${declared}`);
  }
  const data: unknown = typeof input === 'object' && input !== null && 'data' in input ? input.data : undefined;
  // A detached buffer's views have no bytes left: only then is the (allocating) probe needed.
  if (ArrayBuffer.isView(data) && data.byteLength === 0 && isDetached(data.buffer)) {
    throw new Error(
      `${name}: its data's ArrayBuffer is detached (transferred, e.g. by postMessage or structuredClone with transfer)`,
    );
  }
  let t: Tensor;
  try {
    t = toTensor(input, spec.dtype);
  } catch (error) {
    throw new Error(`${name}: ${(error as Error).message}`);
  }
  if (!matchesDType(t.data, spec.dtype)) {
    throw new Error(`${name}: ${spec.dtype} data must be a ${typedArrayName(spec.dtype)}, got ${t.data.constructor.name}`);
  }
  if (t.shape.length !== spec.sizes.length) {
    throw new Error(
      `${name}: expected ${spec.sizes.length} dims ${describeSizes(spec.sizes)}, got ${t.shape.length} [${t.shape.join(', ')}]`,
    );
  }
  t.shape.forEach((size, d) => {
    const want = spec.sizes[d];
    if (!Number.isInteger(size) || size < 0) {
      throw new Error(`${name}: size ${size} of dim ${d} is not a non-negative integer`);
    }
    if (want !== 0 && size !== want) {
      throw new Error(
        `${name}: expected shape ${describeSizes(spec.sizes)}, got [${t.shape.join(', ')}] (dim ${d} differs)`,
      );
    }
  });
  if (t.data.length !== elementCount(t.shape)) {
    throw new Error(`${name}: shape [${t.shape.join(', ')}] needs ${elementCount(t.shape)} elements, data has ${t.data.length}`);
  }
  return t;
}

/** Converts and checks every input; throws an Error naming the first bad input. */
export function checkInputs(inputs: readonly TensorInput[], specs: readonly TensorSpec[]): Tensor[] {
  if (!Array.isArray(inputs)) throw new Error('run() takes an array of input tensors');
  if (inputs.length !== specs.length) {
    throw new Error(`the model takes ${specs.length} input${specs.length === 1 ? '' : 's'}, got ${inputs.length}`);
  }
  return inputs.map((input, i) => checkOne(input, specs[i], i));
}
