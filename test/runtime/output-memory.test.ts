// Where outputs live: a loop of runs that never lets the event loop turn (runSync, or awaiting
// inline runs) cannot get its outputs' memory back through finalizers, which Node runs only
// when the loop turns. Such a loop must neither grow without bound nor let a later run write
// into an output the caller still holds; every output must match the original model.
import * as fs from 'fs';
import * as path from 'path';
import { load, randomInputs, setNumThreads } from '../../lib';
import type { CompiledModel, Tensor } from '../../lib';
import { runNode } from '../helpers/cli';
import { compareWithOriginal } from '../helpers/oracle';
import { compileFixture } from '../helpers/compile-fixture';
import { fixtureModel, makeTempDir, repoRoot } from '../helpers/paths';

const ROWS = 512;
const COLS = 1024;  // 2 MiB per output
const RUNS = 400;   // 800 MiB of outputs, were none reused

// The loop runs in a child process of its own, so that its resident memory is its alone. It
// keeps every 97th output, and at the end checks each kept output against the original model
// on the same input.
const CHILD = `
const api = require(${JSON.stringify(repoRoot)});
(async () => {
  const [compiledPath, originalPath, mode, runs] = process.argv.slice(2);
  api.setNumThreads(1);
  // run(): always inline (after the first run), as a model this short is by default.
  const model = await api.load(compiledPath, { inlineBelowMs: 1e9 });
  const original = await api.loadTorchScript(originalPath);
  const inputs = [api.randomInputs(model.inputSpecs, 1), api.randomInputs(model.inputSpecs, 2)];
  const run = mode === 'runSync' ? async (x) => model.runSync(x) : (x) => model.run(x);
  await run(inputs[0]);  // run() runs inline once its run time is known
  await run(inputs[0]);
  const rssBefore = process.memoryUsage().rss;
  const kept = [];
  for (let i = 0; i < Number(runs); i++) {
    const [output] = await run(inputs[i % 2]);
    if (i % 97 === 0) kept.push({ run: i, input: inputs[i % 2], output });
  }
  const grownMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
  const errors = [];
  for (const { run: i, input, output } of kept) {
    const [expected] = await original.run(input);
    const c = api.compareTensors(expected, output);
    errors.push({ run: i, maxAbsError: c.maxAbsError, shapeMismatch: c.shapeMismatch });
  }
  process.stdout.write(JSON.stringify({ grownMiB, errors }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe('output memory of runs the caller waits for', () => {
  let compiledPath: string;
  let childScript: string;

  beforeAll(async () => {
    compiledPath = await compileFixture('add10', `${ROWS},${COLS}`);
    childScript = path.join(makeTempDir('output-memory'), 'child.js');
    fs.writeFileSync(childScript, CHILD);
  });

  test.each(['runSync', 'run'])(
    '%s() in a loop that never yields: memory stays bounded, kept outputs match the original',
    async (mode) => {
      const result = await runNode([childScript, compiledPath, fixtureModel('add10'), mode, String(RUNS)]);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      const { grownMiB, errors } = JSON.parse(result.stdout) as {
        grownMiB: number;
        errors: Array<{ run: number; maxAbsError: number; shapeMismatch: boolean }>;
      };
      expect(grownMiB).toBeLessThan(400);
      expect(errors).toHaveLength(Math.ceil(RUNS / 97));
      for (const e of errors) expect(e).toEqual({ run: e.run, maxAbsError: 0, shapeMismatch: false });
    },
  );

  test('outputs of runs between event-loop turns are correct and each run has its own', async () => {
    setNumThreads(1);
    const model: CompiledModel = await load(compiledPath);
    try {
      const inputs = randomInputs(model.inputSpecs, 3);
      const x = inputs[0].data as Float32Array;
      const outputs: Tensor[] = [];
      for (let i = 0; i < 20; i++) {
        outputs.push(model.runSync(inputs)[0]);
        if (i % 2 === 0) outputs.pop();  // let half of them be collected and their memory reused
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(new Set(outputs.map((t) => t.data.buffer)).size).toBe(outputs.length);
      outputs.forEach((output, i) => {
        const y = output.data as Float32Array;
        const wrong = y.findIndex((v, k) => v !== Math.fround(x[k] + 10));
        expect({ output: i, firstWrongIndex: wrong }).toEqual({ output: i, firstWrongIndex: -1 });
      });
      const report = await compareWithOriginal(fixtureModel('add10'), inputs, [outputs[outputs.length - 1]]);
      expect({ report: report.description, ok: report.maxRelError === 0 }).toEqual({ report: report.description, ok: true });
    } finally {
      model.dispose();
    }
  });
});
