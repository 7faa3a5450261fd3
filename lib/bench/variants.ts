// The bench's columns as timers: each times `iterations` runs and returns per-run ms.
import { performance } from 'perf_hooks';
import type { Tensor } from '../native';
import type { CompiledModel } from '../model/compiled-model';
import type { TorchScriptModel } from '../model/torchscript-model';
import type { OrtRunner } from './onnxruntime';
import type { VariantName } from './report';

export interface Timer {
  name: VariantName;
  time(iterations: number): Promise<number[]>;
  /**
   * Per-run cost of the call itself, microseconds, appended by time() where the column can
   * tell it apart from the run (the compiled model: wall time of run() minus the time the
   * addon reports for the compiled function).
   */
  overheadsUs?: number[];
}

/** Times `call` `iterations` times; `timed` sees each call's ms right after it. */
async function timeCalls(
  iterations: number,
  call: () => Promise<unknown>,
  timed?: (ms: number) => void,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await call();
    const ms = performance.now() - start;
    times.push(ms);
    timed?.(ms);
  }
  return times;
}

export function apiTimer(model: CompiledModel, inputs: readonly Tensor[]): Timer {
  const overheadsUs: number[] = [];
  const recordOverhead = (ms: number): void => {
    const inside = model.lastRunMs;
    if (inside !== undefined) overheadsUs.push((ms - inside) * 1000);
  };
  return { name: 'compiled', time: (n) => timeCalls(n, () => model.run(inputs), recordOverhead), overheadsUs };
}

export function nativeTimer(model: CompiledModel, inputs: readonly Tensor[]): Timer {
  return { name: 'native', time: async (n) => Array.from(await model.timeRuns(inputs, n)) };
}

export function scriptTimer(name: 'torchscript' | 'frozen', model: TorchScriptModel, inputs: readonly Tensor[]): Timer {
  return { name, time: async (n) => Array.from(await model.timeRuns(inputs, n)) };
}

export function ortTimer(runner: OrtRunner): Timer {
  return { name: 'onnxruntime', time: (n) => timeCalls(n, () => runner.run()) };
}
