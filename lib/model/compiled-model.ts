// load(): a compiled model (<model>.compiled.pt) ready to run from Node.
import * as path from 'path';
import { promises as fs } from 'fs';
import { native } from '../native';
import type { NativeCompiledModel, Tensor, TensorSpec } from '../native';
import type { TensorInput } from '../tensor/tensor';
import { checkInputs } from './check-inputs';

export class CompiledModel {
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
  async run(inputs: readonly TensorInput[]): Promise<Tensor[]> {
    if (this.disposed) throw new Error('the compiled model was disposed');
    const tensors = checkInputs(inputs, this.model.inputSpecs);
    return this.model.run(tensors);
  }

  /** Frees the native model; run() fails afterwards. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.model.dispose();
  }
}

/** Loads a compiled model; needs only the compiled .pt (the original model may be gone). */
export async function load(compiledModelPath: string): Promise<CompiledModel> {
  const resolved = path.resolve(compiledModelPath);
  try {
    await fs.access(resolved);
  } catch {
    throw new Error(`compiled model not found: ${compiledModelPath}`);
  }
  return new CompiledModel(await native().loadCompiled(resolved));
}
