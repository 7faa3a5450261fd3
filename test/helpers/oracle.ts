// The test oracle: run the original TorchScript model and the compiled one on the same inputs.
import { compareTensors, describeComparison, load, loadTorchScript, randomInputs } from '../../lib';
import type { CompiledModel, RandomRange, Tensor, TensorComparison } from '../../lib';

export interface OracleReport {
  inputs: Tensor[];
  expected: Tensor[];
  actual: Tensor[];
  comparisons: TensorComparison[];
  /** The largest relative error over all outputs. */
  maxRelError: number;
  /** One line per output, for failure messages. */
  description: string;
}

/** Compares `outputs` with the TorchScript model's on `inputs`. */
export async function compareWithOriginal(
  originalPath: string,
  inputs: Tensor[],
  actual: Tensor[],
  methodName = 'forward',
): Promise<OracleReport> {
  const original = await loadTorchScript(originalPath);
  let expected: Tensor[];
  try {
    expected = await original.run(inputs, methodName);
  } finally {
    original.dispose();
  }
  if (expected.length !== actual.length) {
    throw new Error(`the original returned ${expected.length} outputs, the compiled model ${actual.length}`);
  }
  const comparisons = expected.map((e, i) => compareTensors(e, actual[i]));
  const description = comparisons.map((c, i) => `output ${i + 1}: ${describeComparison(c)}`).join('\n');
  const maxRelError = Math.max(...comparisons.map((c) => c.maxRelError));
  return { inputs, expected, actual, comparisons, maxRelError, description };
}

/** Runs a compiled model on seeded random inputs and compares it with the original. */
export async function checkAgainstOriginal(
  originalPath: string,
  compiledPath: string,
  seed: number,
  floatRange?: RandomRange,
): Promise<OracleReport> {
  const compiled: CompiledModel = await load(compiledPath);
  try {
    const inputs = randomInputs(compiled.inputSpecs, seed, { floatRange });
    const actual = await compiled.run(inputs);
    return await compareWithOriginal(originalPath, inputs, actual, compiled.methodName);
  } finally {
    compiled.dispose();
  }
}
