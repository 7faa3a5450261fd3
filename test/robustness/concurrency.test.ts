// Compiles and runs in flight at once (on libuv's worker threads) give exactly what the same
// work gives one at a time.
import * as fs from 'fs';
import * as path from 'path';
import { compile, load, randomInputs } from '../../lib';
import type { CompileOptions, CompiledModel, Tensor } from '../../lib';
import { compareWithOriginal } from '../helpers/oracle';
import { fixtureModel, makeTempDir } from '../helpers/paths';

interface Job {
  name: string;
  inputDims: string;
  dynamicDims?: string;
}

// Different models, static and dynamic dims, external calls (conv, matmul) and pure NNC.
const JOBS: readonly Job[] = [
  { name: 'add10', inputDims: '2,2,2' },
  { name: 'conv_relu', inputDims: '1,3,8,8', dynamicDims: '0:0' },
  { name: 'matmul_bias', inputDims: '4,6' },
  { name: 'two_in_two_out', inputDims: '2,3,4;2,3,4', dynamicDims: '0:0,1:0' },
  { name: 'reductions', inputDims: '4,8' },
  { name: 'mlp', inputDims: '3,512', dynamicDims: '3' },
];

function jobOptions(dir: string, job: Job): CompileOptions {
  return {
    model: fixtureModel(job.name),
    modelName: job.name,
    modelVersion: 'v1',
    inputDims: job.inputDims,
    dynamicDims: job.dynamicDims,
    outputLlvm: path.join(dir, `${job.name}.compiled.ll`),
    outputModel: path.join(dir, `${job.name}.compiled.pt`),
  };
}

/** Every artifact of every job, by file name. */
function artifacts(dir: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const name of fs.readdirSync(dir).sort()) files[name] = fs.readFileSync(path.join(dir, name));
  return files;
}

function expectSameOutputs(actual: Tensor[], expected: Tensor[]): void {
  expect(actual.map((t) => [t.dtype, t.shape])).toEqual(expected.map((t) => [t.dtype, t.shape]));
  actual.forEach((t, i) => expect(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).equals(
    Buffer.from(expected[i].data.buffer, expected[i].data.byteOffset, expected[i].data.byteLength),
  )).toBe(true));
}

describe('concurrency', () => {
  test('compiles in flight at once give byte-identical .ll/.o/.pt/.d.ts to the same compiles one at a time', async () => {
    // The same output paths both times: the compiled .pt records the .ll's path (asmfile).
    const dir = makeTempDir('concurrent-compiles');
    for (const job of JOBS) await compile(jobOptions(dir, job));
    const sequential = artifacts(dir);
    expect(Object.keys(sequential)).toHaveLength(JOBS.length * 4);
    for (const name of Object.keys(sequential)) fs.rmSync(path.join(dir, name));

    await Promise.all(JOBS.map((job) => compile(jobOptions(dir, job))));
    const concurrent = artifacts(dir);
    expect(Object.keys(concurrent)).toEqual(Object.keys(sequential));
    const differing = Object.keys(sequential).filter((name) => !sequential[name].equals(concurrent[name]));
    expect(differing).toEqual([]);
  });

  describe('one loaded model', () => {
    let model: CompiledModel;
    let inputs: Tensor[][];
    let expected: Tensor[][];

    beforeAll(async () => {
      const dir = makeTempDir('concurrent-runs');
      const result = await compile(jobOptions(dir, JOBS[1]));
      model = await load(result.outputModel);
      inputs = Array.from({ length: 24 }, (_, seed) => randomInputs(model.inputSpecs, seed));
      expected = [];
      for (const input of inputs) expected.push(await model.run(input));
    });

    afterAll(() => model?.dispose());

    test('the sequential runs used as the reference match the original TorchScript model', async () => {
      for (const [i, input] of inputs.slice(0, 3).entries()) {
        const report = await compareWithOriginal(fixtureModel(JOBS[1].name), input, expected[i]);
        expect({ report: report.description, ok: report.maxRelError <= 1e-4 }).toEqual({ report: report.description, ok: true });
      }
    });

    test('runs from concurrent promises give the outputs of sequential runs', async () => {
      const concurrent = await Promise.all(inputs.map((input) => model.run(input)));
      concurrent.forEach((outputs, i) => expectSameOutputs(outputs, expected[i]));
    });

    test('dynamic-batch runs of several sizes at once each get their own shapes', async () => {
      const sized = [1, 2, 5, 3].map((batch, seed) =>
        randomInputs(model.inputSpecs.map((s) => ({ ...s, sizes: s.sizes.map((d, i) => (i === 0 ? batch : d)) })), seed),
      );
      const one: Tensor[][] = [];
      for (const input of sized) one.push(await model.run(input));
      const all = await Promise.all(sized.map((input) => model.run(input)));
      all.forEach((outputs, i) => expectSameOutputs(outputs, one[i]));
      expect(all.map((o) => o[0].shape[0])).toEqual([1, 2, 5, 3]);
    });

    test('compiles, loads and runs interleave: every run and every new model is right', async () => {
      const dir = makeTempDir('interleaved');
      const work: Promise<unknown>[] = [];
      const runs: Promise<Tensor[]>[] = [];
      JOBS.forEach((job, i) => {
        work.push(
          compile(jobOptions(dir, job)).then(async (result) => {
            const other = await load(result.outputModel);
            try {
              await other.run(randomInputs(other.inputSpecs, i));
            } finally {
              other.dispose();
            }
          }),
        );
        for (let k = 0; k < 4; k++) runs.push(model.run(inputs[(i * 4 + k) % inputs.length]));
      });
      await Promise.all(work);
      const results = await Promise.all(runs);
      results.forEach((outputs, j) => expectSameOutputs(outputs, expected[j % inputs.length]));
    });

    test('disposing while runs are in flight lets them finish; later runs are refused', async () => {
      const dir = makeTempDir('dispose-in-flight');
      const result = await compile(jobOptions(dir, JOBS[0]));
      const other = await load(result.outputModel);
      const input = randomInputs(other.inputSpecs, 1);
      const reference = await other.run(input);
      const inFlight = Array.from({ length: 8 }, () => other.run(input));
      other.dispose();
      (await Promise.all(inFlight)).forEach((outputs) => expectSameOutputs(outputs, reference));
      await expect(other.run(input)).rejects.toThrow(/disposed/);
    });
  });
});
