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
 * Before each batch the process must be quiet: thread pools that spin after their work
 * (OpenBLAS's, behind the torchscript and frozen columns, spun ~125 ms on a core here;
 * onnxruntime's; OpenMP teams) would otherwise take the cores from the next column's runs.
 * Measured: at 2 threads, resnet18's compiled column read 4.5 ms slower right after
 * onnxruntime's batch. So: at least SETTLE_MS idle, then until a QUIET_WINDOW_MS window in
 * which the process used under QUIET_CPU_MS of CPU time (all its threads), at most
 * MAX_SETTLE_MS.
 */
const SETTLE_MS = 20;
const QUIET_WINDOW_MS = 10;
const QUIET_CPU_MS = 1;
const MAX_SETTLE_MS = 1000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function settle(): Promise<void> {
  await sleep(SETTLE_MS);
  for (let waited = SETTLE_MS; waited < MAX_SETTLE_MS; waited += QUIET_WINDOW_MS) {
    const start = process.cpuUsage();
    await sleep(QUIET_WINDOW_MS);
    if (cpuMsSince(start) < QUIET_CPU_MS) return;
  }
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
