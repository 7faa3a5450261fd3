// The bench report: what `bench --json` prints and `--out` writes.
import type { TimeStats } from './stats';
import type { CompileMeasure } from './compile-measure';
import type { MatmulPrecision } from '../native';

/** The columns, in table order. */
export const VARIANTS = ['compiled', 'native', 'torchscript', 'frozen', 'onnxruntime'] as const;
export type VariantName = (typeof VARIANTS)[number];

export const VARIANT_DESCRIPTIONS: Record<VariantName, string> = {
  compiled: 'the compiled model through the public API from Node: await load(...).run(inputs), timed per call',
  native:
    'the same compiled kernel in a native loop (CompiledModel.timeRuns: runtime::CompiledFunction::run, i.e. input checks, output allocation, the kernel call; no Node, no mobile module)',
  torchscript: 'the original TorchScript model in libtorch: forward under NoGradGuard, eval mode, native loop',
  frozen: 'the same after torch::jit::freeze + optimize_for_inference, native loop',
  onnxruntime: 'onnxruntime-node on the ONNX export (optional), session.run from Node, timed per call',
};

export interface VariantResult extends TimeStats {
  /** This variant's median over the compiled model's (API) median: above 1, compiled is faster. */
  ratio: number;
  /** FLOPs / median, when the model's FLOPs are known. */
  gflops: number | null;
}

export interface ThreadResult {
  threads: number;
  /** Every column; null when skipped (see the model's notes). */
  variants: Record<VariantName, VariantResult | null>;
  /**
   * The cost of calling from Node, microseconds: the median over the compiled column's runs of
   * (wall time of run()) - (time the addon spent in the compiled function during that run).
   * Measured per run, so the kernel's run-to-run noise cancels out.
   */
  apiOverheadUs: number;
  /** median(compiled) - median(native), microseconds: the same cost, plus any cache effects. */
  medianGapUs: number;
}

export interface ModelResult {
  name: string;
  model: string;
  onnx: string | null;
  inputDims: string;
  flops: number | null;
  flopsNote: string | null;
  compile: CompileMeasure;
  /** Compiled vs original outputs on the bench inputs (max over outputs). */
  maxAbsError: number;
  maxRelError: number;
  results: ThreadResult[];
  notes: string[];
}

export interface BenchReport {
  generator: string;
  date: string;
  /** `blas`: the kernels OpenBLAS runs (libtorch's matrix products; see lib/addon/blas-kernels.ts). */
  host: { cpu: string; cores: number; node: string; platform: string; blas: string | null };
  /** matmulPrecision: how the compiled models' matrix products and convolutions compute. */
  settings: { threads: number[]; rounds: number; roundMs: number; warmupMs: number; matmulPrecision: MatmulPrecision };
  variants: Record<VariantName, string>;
  /** onnxruntime-node's version, or null when it is not installed. */
  onnxruntime: string | null;
  models: ModelResult[];
  notes: string[];
}
