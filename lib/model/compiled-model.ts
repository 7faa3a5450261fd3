// load(): a compiled model (<model>.compiled.pt) ready to run from Node.
import * as path from 'path';
import { promises as fs } from 'fs';
import { native } from '../native';
import type { MatmulPrecision, NativeCompiledModel, NativeRunResult, Tensor, TensorSpec, TypedArray } from '../native';
import type { TensorInput } from '../tensor/tensor';
import { checkInputs } from './check-inputs';
import { checkOutputs } from './check-outputs';

/** Options of load(). */
export interface LoadOptions {
  /**
   * run() runs the model inline (the calling thread waits for the compute thread, no libuv
   * worker in between) while its recent runs (an exponential average) took less than this many
   * milliseconds: the round trip through a worker costs more (thread wake-ups, an event-loop
   * turn) than it frees the event loop for so short a run. Default 1; 0 = always a worker.
   */
  inlineBelowMs?: number;
}

/** Options of run() and runSync(). */
export interface RunOptions<O extends readonly Tensor[] = Tensor[]> {
  /**
   * Tensors to write the outputs into (the model's count, dtypes and shapes), returned as the
   * run's result: no output memory is allocated. They must not share memory with the inputs,
   * and must not be read or given to another run until this run has settled.
   */
  outputs?: O;
}

const DEFAULT_INLINE_BELOW_MS = 1;

// Tensors cross into the addon as their data and shapes (NativeCompiledModel.run).
function datasOf(tensors: readonly Tensor[]): TypedArray[] {
  return tensors.map((t) => t.data);
}

function shapesOf(tensors: readonly Tensor[]): number[][] {
  return tensors.map((t) => t.shape);
}

function inlineBelowUs(options: LoadOptions): number {
  const ms = options.inlineBelowMs ?? DEFAULT_INLINE_BELOW_MS;
  if (typeof ms !== 'number' || !(ms >= 0) || !Number.isFinite(ms)) {
    throw new Error(`inlineBelowMs must be a non-negative number of milliseconds, got ${String(ms)}`);
  }
  return ms * 1000;
}

/**
 * A loaded compiled model. `I` and `O` type run()'s inputs and outputs; a model's generated
 * declaration (<model>.compiled.d.ts) provides them: load<Inputs, Outputs>(path).
 */
export class CompiledModel<I extends readonly TensorInput[] = readonly TensorInput[], O extends readonly Tensor[] = Tensor[]> {
  private disposed = false;
  private readonly inlineBelowUs: number;

  constructor(
    private readonly model: NativeCompiledModel,
    options: LoadOptions = {},
  ) {
    this.inlineBelowUs = inlineBelowUs(options);
  }

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

  /** How the model's matrix products and convolutions compute (compile's matmulPrecision). */
  get matmulPrecision(): MatmulPrecision {
    return this.model.matmulPrecision;
  }

  /**
   * Runs the compiled kernel. Inputs are Tensors, { data, shape[, dtype] } with plain arrays,
   * or nested arrays; plain data is converted to the input's dtype. Resolves to the outputs.
   * Runs on a worker thread, or inline when the model is short (see LoadOptions.inlineBelowMs).
   * Inputs are read in place: do not modify them until the promise settles.
   */
  run(inputs: I, options: RunOptions<O> = {}): Promise<O> {
    // Not an async function: an inline run's result gets one settled promise, an async run's one
    // more (then); an async function's own promise and microtasks cost a few microseconds per
    // call (measured).
    try {
      if (this.disposed) throw new Error('the compiled model was disposed');
      const tensors = checkInputs(inputs, this.model.inputSpecs);
      const outputs = options.outputs as Tensor[] | undefined;  // returned as given, once filled
      if (outputs) {
        checkOutputs(outputs, this.model.outputSpecs, tensors);
        const filled = () => outputs as unknown as O;
        const given = this.model.run(
          datasOf(tensors),
          shapesOf(tensors),
          this.inlineBelowUs,
          datasOf(outputs),
          shapesOf(outputs),
        );
        return Array.isArray(given) ? Promise.resolve(filled()) : given.then(filled);
      }
      const result = this.model.run(datasOf(tensors), shapesOf(tensors), this.inlineBelowUs);
      if (Array.isArray(result)) return Promise.resolve(this.toOutputs(result) as unknown as O);
      return result.then(this.toOutputs) as Promise<O>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Runs the model while the calling thread waits, and returns the outputs: for short models,
   * where blocking the event loop for one run costs less than a trip through a worker thread.
   */
  runSync(inputs: I, options: RunOptions<O> = {}): O {
    if (this.disposed) throw new Error('the compiled model was disposed');
    const tensors = checkInputs(inputs, this.model.inputSpecs);
    const outputs = options.outputs as Tensor[] | undefined;
    if (outputs) {
      checkOutputs(outputs, this.model.outputSpecs, tensors);
      this.model.runSync(datasOf(tensors), shapesOf(tensors), datasOf(outputs), shapesOf(outputs));
      return outputs as unknown as O;
    }
    return this.toOutputs(this.model.runSync(datasOf(tensors), shapesOf(tensors))) as unknown as O;
  }

  /** The addon's result (NativeRunResult) as tensors. */
  private readonly toOutputs = (result: NativeRunResult): Tensor[] => {
    const specs = this.model.outputSpecs;
    const withShapes = result.length === 2 * specs.length && specs.length > 0;
    return specs.map((spec, i): Tensor => ({
      data: result[i] as TypedArray,
      shape: withShapes ? (result[specs.length + i] as number[]) : spec.sizes.slice(),
      dtype: spec.dtype,
    }));
  };

  /**
   * How long the latest completed run (run() or runSync()) spent in the compiled function —
   * input checks, output allocation and the kernel, without the call from Node; for inline runs
   * of row-major inputs, whose checks and outputs the addon does before, the kernel call alone —
   * in milliseconds; undefined before the first run. With runs in flight concurrently, the one
   * that finished last.
   */
  get lastRunMs(): number | undefined {
    if (this.disposed) return undefined;
    const us = this.model.lastRunUs();
    return us < 0 ? undefined : us / 1000;
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
>(compiledModelPath: string, options: LoadOptions = {}): Promise<CompiledModel<I, O>> {
  const resolved = path.resolve(compiledModelPath);
  try {
    await fs.access(resolved);
  } catch {
    throw new Error(`compiled model not found: ${compiledModelPath}`);
  }
  inlineBelowUs(options);  // a bad option fails before the model is loaded
  return new CompiledModel<I, O>(await native().loadCompiled(resolved), options);
}
