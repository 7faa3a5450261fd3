// The test oracle: run the original TorchScript model and the compiled one on the same inputs.
import { compareTensors, describeComparison, load, loadTorchScript, randomInputs } from '../../lib';
import type { RandomRange, Tensor, TensorComparison } from '../../lib';

export interface OracleReport {
  expected: Tensor[];
  actual: Tensor[];
  comparisons: TensorComparison[];
  /** The largest relative error over all outputs (Infinity when the output counts differ). */
  maxRelError: number;
  /** One line per output, for failure messages. */
  description: string;
}

/** Runs `methodName` of the original TorchScript model with libtorch. */
export async function runOriginal(originalPath: string, inputs: Tensor[], methodName = 'forward'): Promise<Tensor[]> {
  const original = await loadTorchScript(originalPath);
  try {
    return await original.run(inputs, methodName);
  } finally {
    original.dispose();
  }
}

/** Compares outputs element-wise; counts, shapes and dtypes must match too. */
export function compareOutputs(expected: Tensor[], actual: Tensor[]): OracleReport {
  const comparisons = expected.map((e, i) => compareTensors(e, actual[i] ?? { data: new Float32Array(0), shape: [], dtype: e.dtype }));
  const lines = comparisons.map((c, i) => `output ${i + 1}: ${describeComparison(c)}`);
  if (expected.length !== actual.length) {
    lines.unshift(`the original returned ${expected.length} outputs, the compiled model ${actual.length}`);
  }
  const bad = expected.length !== actual.length || comparisons.some((c) => c.shapeMismatch || c.dtypeMismatch);
  const maxRelError = bad ? Infinity : Math.max(0, ...comparisons.map((c) => c.maxRelError));
  return { expected, actual, comparisons, maxRelError, description: lines.join('\n') };
}

/** Compares `actual` with the original model's outputs on `inputs`. */
export async function compareWithOriginal(
  originalPath: string,
  inputs: Tensor[],
  actual: Tensor[],
  methodName = 'forward',
): Promise<OracleReport> {
  return compareOutputs(await runOriginal(originalPath, inputs, methodName), actual);
}

/** Runs a compiled model on seeded random inputs and compares it with the original. */
export async function checkAgainstOriginal(
  originalPath: string,
  compiledPath: string,
  seed: number,
  floatRange?: RandomRange,
): Promise<OracleReport> {
  const compiled = await load(compiledPath);
  try {
    const inputs = randomInputs(compiled.inputSpecs, seed, { floatRange });
    const actual = await compiled.run(inputs);
    return await compareWithOriginal(originalPath, inputs, actual, compiled.methodName);
  } finally {
    compiled.dispose();
  }
}
