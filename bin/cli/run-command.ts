// The run command: runs a compiled model on seeded random inputs and prints the outputs.
import type { Argv } from 'yargs';
import { load } from '../../lib/model/compiled-model';
import { randomInputs } from '../../lib/tensor/random';
import type { Tensor } from '../../lib/native';
import { UsageError } from '../../lib/errors';
import { EXIT_OK, reportError } from './exit-codes';

export interface RunArgs {
  model?: string;
  seed: number;
  'dynamic-size': number;
  json?: boolean;
}

export function runBuilder(yargs: Argv): Argv<RunArgs> {
  return yargs
    .option('model', { type: 'string', describe: 'compiled model (<model>.compiled.pt)' })
    .option('seed', { type: 'number', default: 0, describe: 'seed of the random inputs' })
    .option('dynamic-size', {
      alias: 'dynamic_size',
      type: 'number',
      default: 1,
      describe: 'size used for dynamic dims',
    })
    .option('json', { type: 'boolean', describe: 'print inputs and outputs as JSON' })
    .example('$0 run --model examples/add10.compiled.pt --seed 1', 'runs the compiled example') as Argv<RunArgs>;
}

function plain(t: Tensor): { shape: number[]; dtype: string; data: number[] } {
  return { shape: t.shape, dtype: t.dtype, data: Array.from(t.data as ArrayLike<number | bigint>, Number) };
}

function summary(t: Tensor, label: string): string {
  const values = Array.from(t.data.subarray(0, 8) as ArrayLike<number | bigint>, Number);
  const more = t.data.length > 8 ? ', …' : '';
  return `${label}: ${t.dtype} [${t.shape.join(', ')}] ${values.map((v) => +v.toPrecision(6)).join(', ')}${more}`;
}

export async function runRun(args: RunArgs): Promise<number> {
  try {
    if (!args.model) throw new UsageError('missing required option --model (the compiled model)');
    if (!Number.isInteger(args.seed)) throw new UsageError(`--seed must be an integer, got ${args.seed}`);
    const model = await load(args.model);
    try {
      const inputs = randomInputs(model.inputSpecs, args.seed, { dynamicSize: args['dynamic-size'] });
      const outputs = await model.run(inputs);
      if (args.json) {
        process.stdout.write(`${JSON.stringify({ inputs: inputs.map(plain), outputs: outputs.map(plain) })}\n`);
      } else {
        inputs.forEach((t, i) => process.stdout.write(`${summary(t, `input ${i + 1}`)}\n`));
        outputs.forEach((t, i) => process.stdout.write(`${summary(t, `output ${i + 1}`)}\n`));
      }
    } finally {
      model.dispose();
    }
    return EXIT_OK;
  } catch (error) {
    return reportError(error);
  }
}
