// Runs settle on the thread that asked for them: a model run from a worker_threads Worker and
// from the main thread at the same time gives each its own outputs, and a process whose models
// are idle exits by itself (pending runs keep it alive, finished ones do not).
import * as fs from 'fs';
import * as path from 'path';
import { load, randomInputs, tensor } from '../../lib';
import type { Tensor } from '../../lib';
import { runNode } from '../helpers/cli';
import { compileFixture } from '../helpers/compile-fixture';
import { compareWithOriginal } from '../helpers/oracle';
import { fixtureModel, makeTempDir, repoRoot } from '../helpers/paths';

// The child: the main thread and a Worker each load the model and run it on their own inputs
// (async runs, so both go through the compute thread), then both print their outputs.
const CHILD = `
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');
const api = require(${JSON.stringify(repoRoot)});
async function runs(modelPath, inputs) {
  const model = await api.load(modelPath, { inlineBelowMs: 0 });
  const outputs = [];
  for (let i = 0; i < 20; i++) outputs.push(await model.run(inputs));
  model.dispose();
  return outputs.map((run) => run.map((t) => ({ shape: t.shape, dtype: t.dtype, data: Array.from(t.data) })));
}
if (isMainThread) {
  let text = '';
  process.stdin.on('data', (c) => (text += c));
  process.stdin.on('end', async () => {
    const { modelPath, mainInputs, workerInputs } = JSON.parse(text);
    const worker = new Worker(__filename, { workerData: { modelPath, inputs: workerInputs } });
    const fromWorker = new Promise((resolve, reject) => { worker.on('message', resolve); worker.on('error', reject); });
    const [main, other] = await Promise.all([runs(modelPath, mainInputs), fromWorker]);
    process.stdout.write(JSON.stringify({ main, worker: other }));
  });
} else {
  runs(workerData.modelPath, workerData.inputs).then((outputs) => parentPort.postMessage(outputs));
}
`;

interface PlainTensor {
  shape: number[];
  dtype: Tensor['dtype'];
  data: number[];
}

function plain(inputs: Tensor[]): PlainTensor[] {
  return inputs.map((t) => ({ shape: t.shape, dtype: t.dtype, data: Array.from(t.data as Float32Array) }));
}

function tensors(run: PlainTensor[]): Tensor[] {
  return run.map((t) => tensor(t.data, t.shape, t.dtype));
}

describe('runs from worker threads', () => {
  test('a Worker and the main thread run one model concurrently, each getting its own outputs; the process then exits', async () => {
    const compiledPath = await compileFixture('two_in_two_out', '2,3;2,3');
    const model = await load(compiledPath);
    const specs = model.inputSpecs;
    model.dispose();
    const mainInputs = randomInputs(specs, 31);
    const workerInputs = randomInputs(specs, 32);
    const payload = JSON.stringify({ modelPath: compiledPath, mainInputs: plain(mainInputs), workerInputs: plain(workerInputs) });
    const script = path.join(makeTempDir('worker-threads'), 'child.js');
    fs.writeFileSync(script, CHILD);
    const child = await runNode([script], { cwd: path.dirname(compiledPath), input: payload });
    expect(child.stderr).toBe('');
    expect(child.code).toBe(0);  // exited by itself: idle models hold no event loop open
    const result = JSON.parse(child.stdout) as { main: PlainTensor[][]; worker: PlainTensor[][] };
    for (const [runs, inputs] of [[result.main, mainInputs], [result.worker, workerInputs]] as const) {
      expect(runs).toHaveLength(20);
      for (const run of runs) expect(run).toEqual(runs[0]);
      const report = await compareWithOriginal(fixtureModel('two_in_two_out'), inputs, tensors(runs[0]));
      expect({ report: report.description, ok: report.maxRelError <= 1e-4 }).toEqual({ report: report.description, ok: true });
    }
  });

  test('terminating a Worker while its runs are in flight leaves the process running', async () => {
    const compiledPath = await compileFixture('conv_fusion', '2,3,20,18');
    const script = path.join(makeTempDir('worker-terminate'), 'child.js');
    fs.writeFileSync(script, `
      const { Worker, isMainThread, parentPort } = require('worker_threads');
      const api = require(${JSON.stringify(repoRoot)});
      async function loaded() {
        const model = await api.load(${JSON.stringify(compiledPath)}, { inlineBelowMs: 0 });
        return { model, inputs: api.randomInputs(model.inputSpecs, 1) };
      }
      if (isMainThread) {
        (async () => {
          for (let i = 0; i < 10; i++) {
            const worker = new Worker(__filename);
            await new Promise((resolve) => worker.once('message', resolve));  // running
            await new Promise((resolve) => setTimeout(resolve, 1 + 2 * i));
            await worker.terminate();
          }
          const { model, inputs } = await loaded();
          const outputs = await model.run(inputs);
          process.stdout.write(JSON.stringify(outputs.map((t) => ({ shape: t.shape, dtype: t.dtype, data: Array.from(t.data) }))));
        })();
      } else {
        loaded().then(async ({ model, inputs }) => {
          parentPort.postMessage('running');
          // Until terminated, with a run always in flight or on this thread: termination then
          // lands inside the addon's calls too, where JS can no longer be thrown into.
          for (;;) {
            await model.run(inputs);
            model.runSync(inputs);
          }
        });
      }
    `);
    const child = await runNode([script]);
    expect({ code: child.code, stderr: child.stderr }).toEqual({ code: 0, stderr: '' });
    // The surviving main thread's run matches the original on the same (seeded) inputs.
    const model = await load(compiledPath);
    const inputs = randomInputs(model.inputSpecs, 1);
    model.dispose();
    const report = await compareWithOriginal(fixtureModel('conv_fusion'), inputs, tensors(JSON.parse(child.stdout) as PlainTensor[]));
    expect({ report: report.description, ok: report.maxRelError <= 1e-4 }).toEqual({ report: report.description, ok: true });
  });
});
