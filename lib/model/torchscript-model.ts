// loadTorchScript(): the original model run by libtorch, the oracle for compiled models.
import * as path from 'path';
import { promises as fs } from 'fs';
import { native } from '../native';
import type { DType, LoadTorchScriptOptions, NativeScriptModel, Tensor } from '../native';
import { toTensor } from '../tensor/tensor';
import type { TensorInput } from '../tensor/tensor';

export class TorchScriptModel {
  private disposed = false;

  constructor(private readonly model: NativeScriptModel) {}

  /**
   * Runs `methodName` (default forward) in eval mode without grad. Plain-array inputs
   * without a dtype are taken as `defaultDType` (float32).
   */
  async run(inputs: readonly TensorInput[], methodName = 'forward', defaultDType: DType = 'float32'): Promise<Tensor[]> {
    if (this.disposed) throw new Error('the TorchScript model was disposed');
    const tensors = inputs.map((input, i) => {
      try {
        return toTensor(input, defaultDType);
      } catch (error) {
        throw new Error(`input ${i + 1}: ${(error as Error).message}`);
      }
    });
    return this.model.run(methodName, tensors);
  }

  /**
   * For benchmarks: runs `methodName` natively `iterations` times in a loop on one worker
   * thread (eval mode, no grad) and resolves to each run's wall time in milliseconds.
   */
  async timeRuns(inputs: readonly Tensor[], iterations: number, methodName = 'forward'): Promise<Float64Array> {
    if (this.disposed) throw new Error('the TorchScript model was disposed');
    return this.model.timeRuns(methodName, [...inputs], iterations);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.model.dispose();
  }
}

/**
 * Loads a TorchScript model (torch.jit.save output) with libtorch. With `optimize`, it is
 * frozen and optimized for inference (torch.jit.freeze + optimize_for_inference).
 */
export async function loadTorchScript(modelPath: string, options: LoadTorchScriptOptions = {}): Promise<TorchScriptModel> {
  const resolved = path.resolve(modelPath);
  try {
    await fs.access(resolved);
  } catch {
    throw new Error(`model file not found: ${modelPath}`);
  }
  return new TorchScriptModel(await native().loadTorchScript(resolved, options));
}
