// bench(): the benchmark of compiled models against libtorch (and onnxruntime-node), as one
// report. See lib/bench/report.ts for the columns.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { native, packageRoot } from '../native';
import type { MatmulPrecision } from '../native';
import { packageVersion } from '../package-info';
import { benchModel } from './bench-model';
import type { BenchModel } from './models';
import { loadOnnxRuntime } from './onnxruntime';
import { VARIANT_DESCRIPTIONS } from './report';
import type { BenchReport } from './report';

export interface BenchOptions {
  models: readonly BenchModel[];
  /** Thread counts to measure at (default [1, 2]). */
  threads?: readonly number[];
  /** Interleaved rounds (default 20). */
  rounds?: number;
  /** Target ms of one column's batch per round (default 100). */
  roundMs?: number;
  /** Warm-up ms per column and thread count (default 300). */
  warmupMs?: number;
  /** Skip onnxruntime-node even when it is installed. */
  noOnnx?: boolean;
  /** --input_types for every model (default float). */
  inputTypes?: string;
  /** compile's matmulPrecision for every model (default 'highest'). */
  matmulPrecision?: MatmulPrecision;
  /** Where compiled models go (default: a temporary directory, removed afterwards). */
  workDir?: string;
  /** Called after each model. */
  onModel?: (name: string, index: number, total: number) => void;
}

export async function bench(options: BenchOptions): Promise<BenchReport> {
  const threads = options.threads ?? [1, 2];
  const matmulPrecision = options.matmulPrecision ?? 'highest';
  const settings = {
    threads: [...threads],
    rounds: options.rounds ?? 20,
    roundMs: options.roundMs ?? 100,
    warmupMs: options.warmupMs ?? 300,
    matmulPrecision,
  };
  const ort = options.noOnnx ? ({ ok: false, note: 'onnxruntime-node skipped (--no-onnx)' } as const) : loadOnnxRuntime();
  const workDir = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'aotc-bench-'));
  fs.mkdirSync(workDir, { recursive: true });
  const models = [];
  try {
    for (const [index, model] of options.models.entries()) {
      models.push(await benchModel(model, { ...settings, workDir, ort, inputTypes: options.inputTypes }));
      options.onModel?.(model.name, index, options.models.length);
    }
  } finally {
    if (!options.workDir) fs.rmSync(workDir, { recursive: true, force: true });
  }
  const cpus = os.cpus();
  return {
    generator: `aot-model-compiler ${packageVersion()} (${packageRoot()})`,
    date: new Date().toISOString(),
    host: {
      cpu: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      blas: native().blasCoreName(),
    },
    settings,
    variants: VARIANT_DESCRIPTIONS,
    onnxruntime: ort.ok ? ort.version : null,
    models,
    notes: ort.ok ? [] : [ort.note],
  };
}
