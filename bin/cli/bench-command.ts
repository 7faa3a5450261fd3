// The bench command: the compiled model against libtorch (and onnxruntime-node when it is
// installed), interleaved in one process, at each thread count; a table, or JSON.
import * as fs from 'fs';
import * as path from 'path';
import type { Argv } from 'yargs';
import { UsageError } from '../../lib/errors';
import { packageRoot } from '../../lib/native';
import { bench, benchModelDir, ensureBenchModels, fixedBenchModels, formatTable, BENCH_MODEL_NAMES } from '../../lib/bench';
import type { BenchModel } from '../../lib/bench';
import type { MatmulPrecision } from '../../lib/native';
import { EXIT_OK, reportError } from './exit-codes';
import { printJson, printLine } from './output';

export interface BenchArgs {
  models?: string;
  model?: string;
  'input-dims'?: string;
  'input-types'?: string;
  onnx?: string;
  flops?: number;
  threads?: string;
  rounds?: number;
  'round-ms'?: number;
  'warmup-ms'?: number;
  'no-onnx'?: boolean;
  onnxruntime?: boolean;
  json?: boolean;
  out?: string;
  'work-dir'?: string;
  quiet?: boolean;
  'matmul-precision'?: string;
}

export function benchBuilder(yargs: Argv): Argv<BenchArgs> {
  return yargs
    .option('models', {
      type: 'string',
      describe: `models of the fixed set, ',' separated (default: all: ${BENCH_MODEL_NAMES.join(', ')})`,
    })
    .option('model', { type: 'string', describe: 'a TorchScript model to benchmark instead of the fixed set' })
    .option('input-dims', { alias: 'input_dims', type: 'string', describe: "with --model: compile's --input_dims" })
    .option('input-types', { alias: 'input_types', type: 'string', describe: "with --model: compile's --input_types" })
    .option('onnx', { type: 'string', describe: 'with --model: an ONNX export of it, for onnxruntime-node' })
    .option('flops', { type: 'number', describe: 'with --model: its FLOPs per run, for GFLOP/s' })
    .option('threads', { type: 'string', default: '1,2', describe: "thread counts, ',' separated" })
    .option('matmul-precision', {
      alias: 'matmul_precision',
      type: 'string',
      choices: ['highest', 'high', 'medium'],
      describe: "compile's --matmul_precision for the compiled models [default: highest]",
    })
    .option('rounds', { type: 'number', default: 20, describe: 'interleaved rounds' })
    .option('round-ms', { type: 'number', default: 100, describe: "target ms of one column's batch per round" })
    .option('warmup-ms', { type: 'number', default: 300, describe: 'warm-up ms per column and thread count' })
    .option('onnxruntime', { type: 'boolean', default: true, describe: 'time onnxruntime-node when installed (--no-onnxruntime: never)' })
    .option('json', { type: 'boolean', describe: 'print the report as JSON on stdout instead of the table' })
    .option('out', { type: 'string', describe: 'also write the JSON report to this file' })
    .option('work-dir', { type: 'string', describe: 'keep the compiled models here (default: a temporary directory)' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'no progress on stderr' })
    .example('$0 bench', 'the fixed set at 1 and 2 threads (npm run bench)')
    .example('$0 bench --models pointwise,mlp --threads 1 --out bench.json', 'two models, one thread, JSON file too')
    .example('$0 bench --model net.pt --input_dims 1,3,32,32 --onnx net.onnx --json', 'your own model') as Argv<BenchArgs>;
}

function positiveInts(text: string, what: string): number[] {
  const values = text.split(',').map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new UsageError(`--${what} must be positive integers separated by ',', got '${text}'`);
  }
  return values;
}

function positive(value: number | undefined, what: string, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new UsageError(`--${what} must be a positive number, got ${value}`);
  return v;
}

function selectModels(args: BenchArgs): BenchModel[] {
  if (args.model) {
    if (args.models) throw new UsageError('give either --model or --models, not both');
    if (!args['input-dims']) throw new UsageError('--model needs --input_dims');
    return [
      {
        name: path.basename(args.model).replace(/\.[^.]*$/, ''),
        model: args.model,
        onnx: args.onnx,
        inputDims: args['input-dims'],
        flops: args.flops,
        flopsNote: args.flops === undefined ? undefined : 'given with --flops',
      },
    ];
  }
  const root = packageRoot();
  const dir = benchModelDir(root);
  const names = args.models ? args.models.split(',').map((s) => s.trim()).filter((s) => s) : undefined;
  let models: BenchModel[];
  try {
    models = fixedBenchModels(dir, names);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  ensureBenchModels(root, dir, models);
  return models;
}

export async function runBench(args: BenchArgs): Promise<number> {
  try {
    const models = selectModels(args);
    const report = await bench({
      models,
      threads: positiveInts(args.threads ?? '1,2', 'threads'),
      rounds: Math.ceil(positive(args.rounds, 'rounds', 20)),
      roundMs: positive(args['round-ms'], 'round-ms', 100),
      warmupMs: positive(args['warmup-ms'], 'warmup-ms', 300),
      noOnnx: args.onnxruntime === false,
      inputTypes: args['input-types'],
      matmulPrecision: args['matmul-precision'] as MatmulPrecision | undefined,
      workDir: args['work-dir'],
      onModel: args.quiet ? undefined : (name, i, n) => process.stderr.write(`[${i + 1}/${n}] ${name} done\n`),
    });
    if (args.out) fs.writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
    if (args.json) printJson(report);
    else printLine(formatTable(report));
    return EXIT_OK;
  } catch (error) {
    return reportError(error);
  }
}
