// Benchmarking one model: compile it in a child process, load every column, check the
// compiled outputs against the original, then time the columns interleaved at each thread count.
import * as fs from 'fs';
import * as path from 'path';
import { native } from '../native';
import type { MatmulPrecision, Tensor } from '../native';
import { load } from '../model/compiled-model';
import { loadTorchScript } from '../model/torchscript-model';
import { randomInputs } from '../tensor/random';
import { compareTensors } from '../tensor/compare';
import { measureCompile } from './compile-measure';
import { measureInterleaved } from './measure';
import type { MeasureSettings } from './measure';
import type { BenchModel } from './models';
import { OrtRunner } from './onnxruntime';
import type { OrtLoad } from './onnxruntime';
import { VARIANTS } from './report';
import type { ModelResult, ThreadResult, VariantName, VariantResult } from './report';
import { summarize } from './stats';
import type { TimeStats } from './stats';
import { apiTimer, nativeTimer, ortTimer, scriptTimer } from './variants';
import type { Timer } from './variants';

export interface ModelBenchOptions extends MeasureSettings {
  threads: readonly number[];
  workDir: string;
  ort: OrtLoad;
  inputTypes?: string;
  matmulPrecision: MatmulPrecision;
}

function errors(expected: readonly Tensor[], actual: readonly Tensor[]): { abs: number; rel: number } {
  if (expected.length !== actual.length) return { abs: Infinity, rel: Infinity };
  let abs = 0;
  let rel = 0;
  expected.forEach((e, i) => {
    const c = compareTensors(e, actual[i]);
    abs = Math.max(abs, c.maxAbsError);
    rel = Math.max(rel, c.maxRelError);
  });
  return { abs, rel };
}

function threadResult(
  threads: number,
  stats: Map<VariantName, TimeStats>,
  flops: number | null,
  overheadsUs: readonly number[],
): ThreadResult {
  const base = stats.get('compiled');
  if (!base) throw new Error('the compiled model was not timed');
  const variants = {} as Record<VariantName, VariantResult | null>;
  for (const name of VARIANTS) {
    const s = stats.get(name);
    variants[name] = s
      ? { ...s, ratio: s.medianMs / base.medianMs, gflops: flops === null ? null : flops / (s.medianMs * 1e6) }
      : null;
  }
  const nativeStats = stats.get('native');
  return {
    threads,
    variants,
    apiOverheadUs: overheadsUs.length > 0 ? summarize(overheadsUs).medianMs : NaN,
    medianGapUs: nativeStats ? (base.medianMs - nativeStats.medianMs) * 1000 : NaN,
  };
}

export async function benchModel(model: BenchModel, options: ModelBenchOptions): Promise<ModelResult> {
  const notes: string[] = [];
  const compiledPath = path.join(options.workDir, `${model.name}.compiled.pt`);
  const compileMeasure = await measureCompile({
    model: model.model,
    modelName: model.name.replace(/[^A-Za-z0-9_]/g, '_'),
    modelVersion: 'bench',
    inputDims: model.inputDims,
    inputTypes: options.inputTypes,
    matmulPrecision: options.matmulPrecision,
    outputModel: compiledPath,
    outputLlvm: path.join(options.workDir, `${model.name}.compiled.ll`),
  });
  const compiled = await load(compiledPath);
  const script = await loadTorchScript(model.model);
  const frozen = await loadTorchScript(model.model, { optimize: true });
  const inputs = randomInputs(compiled.inputSpecs, 0);
  const expected = await script.run(inputs);
  const err = errors(expected, await compiled.run(inputs));

  const onnx = model.onnx !== undefined && fs.existsSync(model.onnx) ? model.onnx : null;
  if (!options.ort.ok) notes.push(options.ort.note);
  else if (!onnx) notes.push(`no ONNX export${model.onnx ? ` (${model.onnx} is missing)` : ''}: onnxruntime skipped`);

  const results: ThreadResult[] = [];
  try {
    for (const threads of options.threads) {
      native().setNumThreads(threads);
      const api = apiTimer(compiled, inputs);
      const timers: Timer[] = [
        api,
        nativeTimer(compiled, inputs),
        scriptTimer('torchscript', script, inputs),
        scriptTimer('frozen', frozen, inputs),
      ];
      let runner: OrtRunner | undefined;
      if (options.ort.ok && onnx) {
        try {
          runner = await OrtRunner.create(options.ort.ort, onnx, inputs, threads);
          timers.push(ortTimer(runner));
        } catch (error) {
          notes.push(`onnxruntime failed on ${onnx}: ${(error as Error).message}`);
        }
      }
      const stats = await measureInterleaved(timers, options);
      await runner?.release();
      results.push(threadResult(threads, stats, model.flops ?? null, api.overheadsUs ?? []));
    }
  } finally {
    compiled.dispose();
    script.dispose();
    frozen.dispose();
  }
  return {
    name: model.name,
    model: model.model,
    onnx,
    inputDims: model.inputDims,
    flops: model.flops ?? null,
    flopsNote: model.flopsNote ?? null,
    compile: compileMeasure,
    maxAbsError: err.abs,
    maxRelError: err.rel,
    results,
    notes,
  };
}
