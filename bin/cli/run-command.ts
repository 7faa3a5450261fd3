// The run command: runs a compiled model on .npy inputs or seeded random ones; writes the
// outputs as .npy files (numpy can read them) and prints a summary.
import { promises as fs } from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { Argv } from 'yargs';
import { load } from '../../lib/model/compiled-model';
import { runShapes, seededInputs } from '../../lib/model/run-shapes';
import { readNpy, writeNpy } from '../../lib/npy/npy';
import type { Tensor } from '../../lib/native';
import { UsageError } from '../../lib/errors';
import { EXIT_OK, reportError } from './exit-codes';
import { describeTensor, firstValues, printJson, printLine } from './output';

export interface RunArgs {
  json?: boolean;
  model?: string;
  inputs?: string;
  seed?: number;
  'input-dims'?: string;
  'output-dir'?: string;
}

export function runBuilder(yargs: Argv): Argv<RunArgs> {
  return (
    yargs
      .option('model', { type: 'string', describe: 'compiled model (<model>.compiled.pt) (required)' })
      .option('inputs', { type: 'string', describe: "input .npy files, one per input, ',' separated" })
      .option('seed', { type: 'number', describe: 'seed of random inputs of the compiled shapes [default: 0]' })
      .option('input-dims', {
        alias: 'input_dims',
        type: 'string',
        describe: "shapes of the random inputs, as compile's --input_dims; only dynamic dims may differ [default: compiled sizes, 1 for dynamic dims]",
      })
      .option('output-dir', {
        alias: 'output_dir',
        type: 'string',
        describe: 'write output_<i>.npy (and input_<i>.npy for random inputs) here',
      })
      .option('json', { type: 'boolean', describe: 'print a summary as JSON on stdout' })
      .conflicts('inputs', ['seed', 'input-dims'])
  )
    .example('$0 run --model examples/add10.compiled.pt --seed 1', 'random inputs, prints the outputs')
    .example('$0 run --model net.compiled.pt --inputs x.npy,ids.npy --output-dir out', 'reads inputs from .npy files, writes out/output_1.npy, …')
    .example("$0 run --model net.compiled.pt --input_dims '4,3,224,224' --json", 'a batch of 4 for a dynamic batch dim; JSON summary') as Argv<RunArgs>;
}

interface Inputs {
  tensors: Tensor[];
  files?: string[];
  seed?: number;
}

async function readInputs(list: string, expected: number): Promise<Inputs> {
  const files = list.split(',').map((f) => f.trim()).filter((f) => f !== '');
  if (files.length !== expected) {
    throw new UsageError(`--inputs gives ${files.length} file${files.length === 1 ? '' : 's'}, the compiled model takes ${expected} input${expected === 1 ? '' : 's'}`);
  }
  const tensors = await Promise.all(
    files.map(async (file, i) => {
      try {
        return await readNpy(file);
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `file not found: ${file}` : (error as Error).message;
        throw new Error(`input ${i + 1}: ${reason}`);
      }
    }),
  );
  return { tensors, files };
}

async function writeTensors(dir: string, prefix: string, tensors: readonly Tensor[]): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  return Promise.all(
    tensors.map(async (t, i) => {
      const file = path.join(dir, `${prefix}_${i + 1}.npy`);
      await writeNpy(file, t);
      return file;
    }),
  );
}

export async function runRun(args: RunArgs): Promise<number> {
  try {
    if (!args.model) throw new UsageError('missing required option --model (the compiled model)');
    const seed = args.seed ?? 0;
    if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${String(args.seed)}`);
    const model = await load(args.model);
    try {
      let inputs: Inputs;
      if (args.inputs !== undefined) {
        inputs = await readInputs(args.inputs, model.inputSpecs.length);
      } else {
        const shapes = runShapes(model.inputSpecs, args['input-dims']);
        inputs = { tensors: seededInputs(model.inputSpecs, shapes, seed), seed };
      }
      const start = performance.now();
      const outputs = await model.run(inputs.tensors);
      const timeMs = performance.now() - start;
      const dir = args['output-dir'];
      const outputFiles = dir !== undefined ? await writeTensors(dir, 'output', outputs) : undefined;
      const inputFiles =
        inputs.files ?? (dir !== undefined ? await writeTensors(dir, 'input', inputs.tensors) : undefined);
      if (args.json) {
        printJson({
          model: args.model,
          ...(inputs.seed !== undefined ? { seed: inputs.seed } : {}),
          inputs: inputs.tensors.map((t, i) => ({ shape: t.shape, dtype: t.dtype, ...(inputFiles ? { file: inputFiles[i] } : {}) })),
          outputs: outputs.map((t, i) => ({
            shape: t.shape,
            dtype: t.dtype,
            first: firstValues(t),
            ...(outputFiles ? { file: outputFiles[i] } : {}),
          })),
          timeMs,
        });
      } else {
        inputs.tensors.forEach((t, i) => printLine(`input ${i + 1}: ${describeTensor(t)}${inputFiles ? `  (${inputFiles[i]})` : ''}`));
        outputs.forEach((t, i) => printLine(`output ${i + 1}: ${describeTensor(t)}${outputFiles ? `  -> ${outputFiles[i]}` : ''}`));
        printLine(`ran in ${timeMs.toFixed(2)} ms`);
      }
    } finally {
      model.dispose();
    }
    return EXIT_OK;
  } catch (error) {
    return reportError(error);
  }
}
