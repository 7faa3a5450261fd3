// The bench API: bench(), the fixed model set and the report types.
export { bench } from './bench';
export type { BenchOptions } from './bench';
export { BENCH_MODEL_NAMES, benchModelDir, fixedBenchModels } from './models';
export type { BenchModel } from './models';
export { ensureBenchModels } from './fixtures';
export { formatTable } from './table';
export { VARIANTS, VARIANT_DESCRIPTIONS } from './report';
export type { BenchReport, ModelResult, ThreadResult, VariantName, VariantResult } from './report';
export type { TimeStats } from './stats';
export type { CompileMeasure } from './compile-measure';
