// Dynamic shapes end to end: models compiled with a dynamic batch (or sequence) dimension run
// at other sizes and match the original TorchScript model at each; outputs are sized at run
// time; the size-value form of --dynamic_dims refuses a collision, the input:dim form marks
// exactly the dimension; run-time input checks name the input and what it expected.
import * as fs from 'fs';
import * as path from 'path';
import { compile, load, mulberry32, randomTensor } from '../../lib';
import type { CompileOptions, Tensor } from '../../lib';
import { runCli } from '../helpers/cli';
import { compareWithOriginal } from '../helpers/oracle';
import { fixtureModel, listDir, makeTempDir } from '../helpers/paths';
import { ensureRealFixtures } from '../helpers/real-fixtures';

beforeAll(() => ensureRealFixtures());

function options(name: string, inputDims: string, dynamicDims: string, dir: string): CompileOptions {
  return {
    model: fixtureModel(name),
    modelName: name,
    modelVersion: 'v1',
    inputDims,
    dynamicDims,
    outputLlvm: path.join(dir, `${name}.compiled.ll`),
    outputModel: path.join(dir, `${name}.compiled.pt`),
  };
}

/** Compiles, then runs at each shape and compares with the original model. */
async function expectMatchesAt(name: string, inputDims: string, dynamicDims: string, shapes: number[][], tolerance: number) {
  const dir = makeTempDir(`dynamic-${name}`);
  const result = await compile(options(name, inputDims, dynamicDims, dir));
  const model = await load(result.outputModel);
  try {
    for (const [seed, shape] of shapes.entries()) {
      const inputs: Tensor[] = [randomTensor(shape, 'float32', mulberry32(seed + 1))];
      const actual = await model.run(inputs);
      const report = await compareWithOriginal(fixtureModel(name), inputs, actual);
      console.log(`${name} --dynamic_dims=${dynamicDims} at [${shape}]: relative ${report.maxRelError.toExponential(3)}`);
      const where = `${name} at [${shape.join(', ')}]:\n${report.description}`;
      expect({ where, ok: report.maxRelError <= tolerance }).toEqual({ where, ok: true });
    }
  } finally {
    model.dispose();
  }
}

describe('a dynamic batch dimension runs at batch sizes 1, 3 and 8', () => {
  test('pointwise', () =>
    expectMatchesAt('pointwise', '1,3,8,8', '0:0', [1, 3, 8].map((b) => [b, 3, 8, 8]), 1e-5));
  test('the MLP', () => expectMatchesAt('mlp', '1,512', '0:0', [1, 3, 8].map((b) => [b, 512]), 1e-4));
  test('resnet18 (input:dim form)', () =>
    expectMatchesAt('resnet18', '1,3,224,224', '0:0', [1, 3, 8].map((b) => [b, 3, 224, 224]), 1e-4));
  // Channel scales of one image each (a squeeze-excitation) and a [1, C, 1, 1] parameter, both
  // of batch 1 when compiled: the excitation's must follow the batch, the parameter's not.
  test('channels-last ops: squeeze-excitation scales, concatenations, a shuffle and chunks', async () => {
    await expectMatchesAt('squeeze_excite', '1,3,9,10', '0:0', [1, 3, 8].map((b) => [b, 3, 9, 10]), 1e-4);
    await expectMatchesAt('conv_concat', '1,3,13,15', '0:0', [1, 3, 8].map((b) => [b, 3, 13, 15]), 1e-4);
  });
});

describe('integer indexing (aten::select) with a dynamic batch', () => {
  test('selecting in a static dimension of a dynamic-batch input runs at batch 1 and 5', async () => {
    const dir = makeTempDir('dynamic-indexing');
    const result = await compile(options('indexing', '2,5,7;2,6,4', '1:0', dir));
    const model = await load(result.outputModel);
    try {
      for (const batch of [1, 5]) {
        const inputs = [randomTensor([2, 5, 7], 'float32', mulberry32(batch)), randomTensor([batch, 6, 4], 'float32', mulberry32(batch + 9))];
        const report = await compareWithOriginal(fixtureModel('indexing'), inputs, await model.run(inputs));
        expect({ batch, report: report.description, ok: report.maxRelError <= 1e-5 }).toEqual({ batch, report: report.description, ok: true });
      }
    } finally {
      model.dispose();
    }
  });

  test('x[-1] on a dynamic dimension is refused at compile time, naming aten::select', async () => {
    const dir = makeTempDir('dynamic-indexing-refused');
    await expect(compile(options('indexing', '2,5,7;2,6,4', '0:0', dir))).rejects.toThrow(
      /aten::select: indexes dim 0, which is dynamic.*the model's aten::select ops:.*make_models\.py:\d+:\d+: x\[-1\]/s,
    );
    expect(listDir(dir)).toEqual([]);
  });
});

describe('resnet18 with the size-value form', () => {
  test('batch 1 with --dynamic_dims=1 is refused: 1x1 kernels would become the batch size', async () => {
    const dir = makeTempDir('dynamic-collision');
    await expect(compile(options('resnet18', '1,3,224,224', '1', dir))).rejects.toThrow(
      /dynamic size 1 also appears in %\S+ \(prim::Constant.*shape \[\d+,\d+,1,1\].*input:dim form/s,
    );
    expect(listDir(dir)).toEqual([]);
  });

  test('batch 2 with --dynamic_dims=2 (2 occurs nowhere else) runs at batch 1 and 3', () =>
    expectMatchesAt('resnet18', '2,3,224,224', '2', [[1, 3, 224, 224], [3, 3, 224, 224]], 1e-4));
});

describe('a dynamic sequence length', () => {
  test('the transformer encoder layer (1x128x256) runs at sequence lengths 64 and 100', () =>
    expectMatchesAt('transformer_encoder', '1,128,256', '0:1', [[1, 64, 256], [1, 100, 256]], 1e-4));
});

describe('run-time input checks of a dynamic model', () => {
  let dir: string;
  let compiledModel: string;

  beforeAll(async () => {
    dir = makeTempDir('dynamic-checks');
    const result = await compile(options('two_in_two_out', '5,3,4;5,3,4', '0:0,1:0', dir));
    compiledModel = result.outputModel;
  });

  test.each([
    ['dynamic dims bound to one symbol disagree', [[2, 3, 4], [3, 3, 4]], /input 2 \(b\): expected float32\[s0,3,4\], got float32\[3,3,4\]/],
    ['a static dim differs', [[2, 3, 4], [2, 5, 4]], /input 2: expected shape \[\?, 3, 4\], got \[2, 5, 4\]/],
    ['the rank differs', [[2, 3, 4], [2, 12]], /input 2: expected 3 dims/],
  ])('API: %s', async (_what, shapes, message) => {
    const model = await load(compiledModel);
    try {
      const inputs = shapes.map((shape, i) => randomTensor(shape, 'float32', mulberry32(i + 1)));
      await expect(model.run(inputs)).rejects.toThrow(message);
    } finally {
      model.dispose();
    }
  });

  test('CLI run: disagreeing dynamic dims exit non-zero, naming the input and the symbol', async () => {
    const result = await runCli(['run', '--model', compiledModel, '--input_dims', '2,3,4;3,3,4', '--seed', '1']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/input 2 \(b\): expected float32\[s0,3,4\], got float32\[3,3,4\]/);
  });

  test('CLI verify: a compiled model with shared dynamic dims matches its original at a new size', async () => {
    const result = await runCli([
      'verify', '--model', fixtureModel('two_in_two_out'), '--compiled', compiledModel,
      '--input_dims', '7,3,4;7,3,4', '--trials', '2', '--json',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { passed: boolean };
    expect(report.passed).toBe(true);
    expect(fs.existsSync(compiledModel)).toBe(true);
  });
});
