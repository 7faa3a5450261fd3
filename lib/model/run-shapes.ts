// Run-time input shapes: the compiled sizes, with dynamic dims given by --input_dims.
import { UsageError } from '../errors';
import type { Tensor, TensorSpec } from '../native';
import { checkInputDims, parseInputDims } from '../options/parse-dims';
import { mulberry32, randomTensor, defaultRange } from '../tensor/random';
import type { RandomRange } from '../tensor/random';

function describeSizes(sizes: readonly number[]): string {
  return `[${sizes.map((s) => (s === 0 ? '?' : String(s))).join(', ')}]`;
}

/**
 * The shapes to run a compiled model with. Without `inputDims`, each dynamic dim takes
 * `dynamicSize` (default 1). With them ('1,3,224,224;2,2' or arrays), each input's shape must
 * match its compiled sizes in every static dim; errors name the input.
 */
export function runShapes(
  specs: readonly Pick<TensorSpec, 'sizes'>[],
  inputDims?: string | readonly (readonly number[])[],
  dynamicSize = 1,
): number[][] {
  if (inputDims === undefined || (typeof inputDims === 'string' && inputDims.trim() === '')) {
    return specs.map((spec) => spec.sizes.map((size) => (size === 0 ? dynamicSize : size)));
  }
  const dims = typeof inputDims === 'string' ? parseInputDims(inputDims) : checkInputDims(inputDims);
  if (dims.length !== specs.length) {
    throw new UsageError(
      `input dims give ${dims.length} input${dims.length === 1 ? '' : 's'}, the compiled model takes ${specs.length}`,
    );
  }
  dims.forEach((shape, i) => {
    const sizes = specs[i].sizes;
    const mismatch =
      shape.length !== sizes.length || shape.some((size, d) => sizes[d] !== 0 && sizes[d] !== size);
    if (mismatch) {
      throw new UsageError(
        `input ${i + 1}: input dims [${shape.join(', ')}] do not match the compiled shape ${describeSizes(sizes)} ` +
          '(only dynamic dims, shown as ?, may differ)',
      );
    }
  });
  return dims;
}

/** Seeded random inputs of the given shapes: the same seed gives the same data everywhere. */
export function seededInputs(
  specs: readonly Pick<TensorSpec, 'dtype'>[],
  shapes: readonly number[][],
  seed: number,
  floatRange?: RandomRange,
): Tensor[] {
  const random = mulberry32(seed);
  return specs.map((spec, i) => {
    const isFloat = spec.dtype === 'float32' || spec.dtype === 'float64';
    return randomTensor(shapes[i], spec.dtype, random, isFloat && floatRange ? floatRange : defaultRange(spec.dtype));
  });
}
