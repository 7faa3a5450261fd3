// Short models may run on the calling thread: run() (inline once its runs are known to be
// short) and runSync() give the same outputs as a worker-thread run, and match the original.
import { performance } from 'perf_hooks';
import { load, randomInputs, setNumThreads } from '../../lib';
import type { CompiledModel, Tensor } from '../../lib';
import { compareWithOriginal } from '../helpers/oracle';
import { compileFixture } from '../helpers/compile-fixture';
import { fixtureModel } from '../helpers/paths';

function values(outputs: Tensor[]): number[][] {
  return outputs.map((t) => Array.from(t.data as Float32Array));
}

describe('inline runs', () => {
  let compiledPath: string;
  const models: CompiledModel[] = [];

  beforeAll(async () => {
    compiledPath = await compileFixture('two_in_two_out', '2,3;2,3');
  });

  afterAll(() => models.forEach((m) => m.dispose()));

  async function loaded(inlineBelowMs?: number): Promise<CompiledModel> {
    const model = await load(compiledPath, inlineBelowMs === undefined ? {} : { inlineBelowMs });
    models.push(model);
    return model;
  }

  test('run() gives the same outputs on a worker thread and inline, matching the original', async () => {
    const onWorker = await loaded(0);
    const inline = await loaded(1e9);
    const inputs = randomInputs(onWorker.inputSpecs, 11);
    const fromWorker = await onWorker.run(inputs);
    // The first run of a model is always on a worker (its run time is not known yet); the
    // later ones of `inline` run on this thread.
    const runs = [await inline.run(inputs)];
    let eventLoopTurned = false;
    setImmediate(() => (eventLoopTurned = true));
    for (let i = 0; i < 2; i++) runs.push(await inline.run(inputs));
    expect(eventLoopTurned).toBe(false);  // settled on this thread, without a worker's round trip
    for (const outputs of runs) expect(values(outputs)).toEqual(values(fromWorker));
    const report = await compareWithOriginal(fixtureModel('two_in_two_out'), inputs, runs[2]);
    expect({ report: report.description, ok: report.maxRelError <= 1e-4 }).toEqual({ report: report.description, ok: true });
  });

  test('runSync() returns the outputs directly, matching the original', async () => {
    const model = await loaded();
    const inputs = randomInputs(model.inputSpecs, 12);
    const outputs = model.runSync(inputs);
    expect(outputs).toHaveLength(2);
    const report = await compareWithOriginal(fixtureModel('two_in_two_out'), inputs, outputs);
    expect({ report: report.description, ok: report.maxRelError <= 1e-4 }).toEqual({ report: report.description, ok: true });
  });

  test('inline runs of every input layout and of dynamic shapes match worker-thread runs and the original', async () => {
    // Row-major inputs run over the TypedArrays' memory; a channels_last input (the kernel reads
    // NHWC) is converted first; dynamic dimensions give outputs of the run's shapes.
    const cases: Array<[string, string, Partial<Parameters<typeof compileFixture>[2]>, number[][]]> = [
      ['conv_relu', '1,3,8,8', {}, [[1, 3, 8, 8]]],
      ['conv_relu', '1,3,8,8', { inputMemoryFormats: 'channels_last' }, [[1, 3, 8, 8]]],
      ['two_in_two_out', '2,3;2,3', { dynamicDims: '0:0,1:0' }, [[5, 3], [5, 3]]],
    ];
    for (const [name, dims, extra, shapes] of cases) {
      const file = await compileFixture(name, dims, extra);
      const worker = await load(file, { inlineBelowMs: 0 });
      const inline = await load(file, { inlineBelowMs: 1e9 });
      models.push(worker, inline);
      const specs = shapes.map((sizes, i) => ({ ...inline.inputSpecs[i], sizes }));
      const inputs = randomInputs(specs, 21);
      const fromWorker = await worker.run(inputs);
      await inline.run(inputs);  // the first run always goes to the compute thread
      const inlineRun = await inline.run(inputs);
      const sync = inline.runSync(inputs);
      const label = `${name} ${JSON.stringify(extra)}`;
      for (const outputs of [inlineRun, sync]) {
        expect({ label, shapes: outputs.map((t) => t.shape), values: values(outputs) }).toEqual({
          label,
          shapes: fromWorker.map((t) => t.shape),
          values: values(fromWorker),
        });
      }
      const report = await compareWithOriginal(fixtureModel(name), inputs, sync);
      expect({ label, report: report.description, ok: report.maxRelError <= 1e-4 }).toEqual({ label, report: report.description, ok: true });
    }
  });

  test('outputs of inline runs stay valid after later runs (each run has its own)', async () => {
    const model = await loaded(1e9);
    const a = randomInputs(model.inputSpecs, 13);
    const b = randomInputs(model.inputSpecs, 14);
    await model.run(a);
    const first = await model.run(a);
    const snapshot = values(first);
    await model.run(b);
    model.runSync(b);
    expect(values(first)).toEqual(snapshot);
  });

  test('an inline run that fails rejects the promise; runSync throws', async () => {
    const model = await loaded(1e9);
    const inputs = randomInputs(model.inputSpecs, 15);
    await model.run(inputs);
    await model.run(inputs);
    await expect(model.run([inputs[0]] as never)).rejects.toThrow(/takes 2 inputs, got 1/);
    expect(() => model.runSync([inputs[0]] as never)).toThrow(/takes 2 inputs, got 1/);
    model.dispose();
    expect(() => model.runSync(inputs)).toThrow(/disposed/);
  });

  test('lastRunMs: undefined before the first run, then the latest run\'s time inside the addon', async () => {
    const model = await loaded(0);
    expect(model.lastRunMs).toBeUndefined();
    const inputs = randomInputs(model.inputSpecs, 16);
    for (const run of [() => model.run(inputs), async () => model.runSync(inputs)]) {
      const start = performance.now();
      await run();
      const wallMs = performance.now() - start;
      const inside = model.lastRunMs;
      expect(inside).toBeGreaterThan(0);
      expect(inside).toBeLessThanOrEqual(wallMs);  // a part of the call, never more
    }
    model.dispose();
    expect(model.lastRunMs).toBeUndefined();
  });

  test.each([[-1], [Number.NaN], [Infinity], ['1' as unknown as number]])(
    'load() refuses inlineBelowMs %p before loading',
    async (inlineBelowMs) => {
      await expect(load(compiledPath, { inlineBelowMs })).rejects.toThrow(/inlineBelowMs must be a non-negative number/);
    },
  );
});

describe('setNumThreads', () => {
  test.each([[0], [-1], [1.5], [Number.NaN], [2000]])('refuses %p', (threads) => {
    expect(() => setNumThreads(threads)).toThrow(/setNumThreads: expected an integer from 1 to 1024/);
  });

  test('runs at 1 and 2 threads match the original', async () => {
    const compiledPath = await compileFixture('conv_fusion', '2,3,20,18');
    const model = await load(compiledPath);
    try {
      const inputs = randomInputs(model.inputSpecs, 21);
      for (const threads of [1, 2]) {
        setNumThreads(threads);
        for (let i = 0; i < 3; i++) {
          const outputs = await model.run(inputs);
          const report = await compareWithOriginal(fixtureModel('conv_fusion'), inputs, outputs);
          expect({ threads, report: report.description, ok: report.maxRelError <= 1e-4 }).toEqual({ threads, report: report.description, ok: true });
        }
      }
    } finally {
      model.dispose();
    }
  });
});
