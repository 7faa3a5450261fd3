// load(): a compiled model (<model>.compiled.pt) ready to run from Node.
import * as path from 'path';
import { promises as fs } from 'fs';
import { native } from '../native';
import type { NativeCompiledModel, Tensor, TensorSpec } from '../native';
import type { TensorInput } from '../tensor/tensor';
import { checkInputs } from './check-inputs';

/**
 * A loaded compiled model. `I` and `O` type run()'s inputs and outputs; a model's generated
 * declaration (<model>.compiled.d.ts) provides them: load<Inputs, Outputs>(path).
 */
export class CompiledModel<I extends readonly TensorInput[] = readonly TensorInput[], O extends readonly Tensor[] = Tensor[]> {
  private disposed = false;

  constructor(private readonly model: NativeCompiledModel) {}

  get methodName(): string {
    return this.model.methodName;
  }

  get kernelId(): string {
    return this.model.kernelId;
  }

  /** Input sizes (0 = dynamic dim) and dtypes. Inputs are always given contiguous. */
  get inputSpecs(): TensorSpec[] {
    return this.model.inputSpecs;
  }

  get outputSpecs(): TensorSpec[] {
    return this.model.outputSpecs;
  }

  /**
   * Runs the compiled kernel. Inputs are Tensors, { data, shape[, dtype] } with plain arrays,
   * or nested arrays; plain data is converted to the input's dtype. Resolves to the outputs.
   */
  async run(inputs: I): Promise<O> {
    if (this.disposed) throw new Error('the compiled model was disposed');
    const tensors = checkInputs(inputs, this.model.inputSpecs);
    return (await this.model.run(tensors)) as unknown as O;
  }

  /**
   * For benchmarks: runs the compiled function natively `iterations` times in a loop on one
   * worker thread (input checks, output allocation and the kernel; no Node, no mobile
   * module in between) and resolves to each run's wall time in milliseconds.
   */
  async timeRuns(inputs: I, iterations: number): Promise<Float64Array> {
    if (this.disposed) throw new Error('the compiled model was disposed');
    return this.model.timeRuns(checkInputs(inputs, this.model.inputSpecs), iterations);
  }

  /** Frees the native model; run() fails afterwards. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.model.dispose();
  }
}

/** Loads a compiled model; needs only the compiled .pt (the original model may be gone). */
export async function load<
  I extends readonly TensorInput[] = readonly TensorInput[],
  O extends readonly Tensor[] = Tensor[],
>(compiledModelPath: string): Promise<CompiledModel<I, O>> {
  const resolved = path.resolve(compiledModelPath);
  try {
    await fs.access(resolved);
  } catch {
    throw new Error(`compiled model not found: ${compiledModelPath}`);
  }
  return new CompiledModel<I, O>(await native().loadCompiled(resolved));
}
