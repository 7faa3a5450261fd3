// Interleaved timing: warm every column up, then rounds of A,B,C,D,A,B,C,D… so that machine
// noise hits all columns alike.
import { summarize } from './stats';
import type { TimeStats } from './stats';
import type { Timer } from './variants';
import type { VariantName } from './report';

export interface MeasureSettings {
  rounds: number;
  /** Target time of one column's batch in a round, ms. */
  roundMs: number;
  /** Warm-up time per column, ms (at least 2 runs). */
  warmupMs: number;
}

const MAX_BATCH = 2000;

/**
 * Idle time before each batch: thread pools that spin after their work (onnxruntime's, OpenMP
 * teams) would otherwise take the cores from the next column's first runs. Measured: at 2
 * threads, resnet18's compiled column read 4.5 ms slower right after onnxruntime's batch.
 */
const SETTLE_MS = 20;

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/** Runs per batch so that a batch takes about `ms`, from a typical run time. */
function batchSize(ms: number, runMs: number): number {
  return Math.max(1, Math.min(MAX_BATCH, Math.ceil(ms / Math.max(runMs, 1e-3))));
}

export async function measureInterleaved(
  timers: readonly Timer[],
  settings: MeasureSettings,
): Promise<Map<VariantName, TimeStats>> {
  const batches = new Map<VariantName, number>();
  for (const timer of timers) {
    const [probe] = await timer.time(1);
    const warm = await timer.time(Math.max(2, batchSize(settings.warmupMs, probe)));
    batches.set(timer.name, batchSize(settings.roundMs, summarize(warm).medianMs));
    timer.overheadsUs?.splice(0);  // warm-up runs do not count
  }
  const times = new Map<VariantName, number[]>(timers.map((t) => [t.name, []]));
  for (let round = 0; round < settings.rounds; round++) {
    for (const timer of timers) {
      await settle();
      times.get(timer.name)?.push(...(await timer.time(batches.get(timer.name) ?? 1)));
    }
  }
  return new Map([...times].map(([name, runs]) => [name, summarize(runs)]));
}
