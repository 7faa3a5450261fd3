// Checking the tensors given to run(inputs, { outputs }) to be filled in place.
import type { Tensor, TensorSpec } from '../native';
import { elementCount, matchesDType, typedArrayName } from '../tensor/dtypes';

function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * Checks the caller's output tensors against the model's output specs (count, dtype, rank,
 * static sizes; dynamic sizes are checked when the run knows them) and that none shares memory
 * with an input or another output. Throws an Error naming the first bad output.
 */
export function checkOutputs(outputs: readonly Tensor[], specs: readonly TensorSpec[], inputs: readonly Tensor[]): void {
  if (!Array.isArray(outputs)) throw new Error('outputs must be an array of tensors');
  if (outputs.length !== specs.length) {
    throw new Error(`the model has ${specs.length} output${specs.length === 1 ? '' : 's'}, ${outputs.length} were given`);
  }
  outputs.forEach((out, i) => {
    const name = `output ${i + 1}`;
    const spec = specs[i];
    if (typeof out !== 'object' || out === null || !ArrayBuffer.isView(out.data) || !Array.isArray(out.shape)) {
      throw new Error(`${name}: expected a tensor { data, shape, dtype }`);
    }
    if (out.dtype !== spec.dtype || !matchesDType(out.data, spec.dtype)) {
      throw new Error(`${name}: the model writes ${spec.dtype} (a ${typedArrayName(spec.dtype)}), got ${out.dtype}`);
    }
    const badSize = out.shape.length !== spec.sizes.length || (out.shape as readonly number[]).some((s: number, d: number) => spec.sizes[d] !== 0 && s !== spec.sizes[d]);
    if (badSize) {
      throw new Error(`${name}: expected shape [${spec.sizes.map((s) => (s === 0 ? '?' : String(s))).join(', ')}], got [${out.shape.join(', ')}]`);
    }
    if (out.data.length !== elementCount(out.shape)) {
      throw new Error(`${name}: shape [${out.shape.join(', ')}] needs ${elementCount(out.shape)} elements, data has ${out.data.length}`);
    }
    inputs.forEach((input, k) => {
      if (overlaps(out.data, input.data)) throw new Error(`${name} shares memory with input ${k + 1}`);
    });
    outputs.slice(0, i).forEach((other, k) => {
      if (overlaps(out.data, other.data)) throw new Error(`${name} shares memory with output ${k + 1}`);
    });
  });
}
