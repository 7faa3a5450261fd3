// run() turns every bad input into an Error naming the input, through the API and when the
// addon is called directly (bypassing the TypeScript checks): never a crash, never a read
// past the end of the data.
import * as path from 'path';
import { compile, load, tensor } from '../../lib';
import type { CompiledModel, TensorInput } from '../../lib';
import { native } from '../../lib/native';
import type { NativeCompiledModel, Tensor, TypedArray } from '../../lib/native';
import { fixtureModel, makeTempDir } from '../helpers/paths';

/** A Float32Array whose ArrayBuffer has been transferred away (detached). */
function detachedFloat32(length: number): Float32Array {
  const data = new Float32Array(length);
  structuredClone(data.buffer, { transfer: [data.buffer] });
  return data;
}

describe('bad run() inputs', () => {
  let compiledPath: string;
  let model: CompiledModel;
  let raw: NativeCompiledModel;
  let rawDynamic: NativeCompiledModel;

  beforeAll(async () => {
    const dir = makeTempDir('bad-run');
    const result = await compile({
      model: fixtureModel('add10'),
      modelName: 'add10',
      modelVersion: 'v1',
      inputDims: '2,2,2',
      outputLlvm: path.join(dir, 'add10.compiled.ll'),
      outputModel: path.join(dir, 'add10.compiled.pt'),
    });
    compiledPath = result.outputModel;
    model = await load(compiledPath);
    raw = await native().loadCompiled(path.resolve(compiledPath));
    const dynamic = await compile({
      model: fixtureModel('add10'),
      modelName: 'add10',
      modelVersion: 'v1',
      inputDims: '2,2,2',
      dynamicDims: '0:0',
      outputLlvm: path.join(dir, 'add10_dynamic.compiled.ll'),
      outputModel: path.join(dir, 'add10_dynamic.compiled.pt'),
    });
    rawDynamic = await native().loadCompiled(path.resolve(dynamic.outputModel));
  });

  afterAll(() => {
    model?.dispose();
    raw?.dispose();
    rawDynamic?.dispose();
  });

  const good = (): Tensor => tensor(new Float32Array(8).fill(1), [2, 2, 2], 'float32');

  test.each<[string, () => TensorInput[], RegExp]>([
    ['no inputs', () => [], /takes 1 input, got 0/],
    ['too many inputs', () => [good(), good()], /takes 1 input, got 2/],
    ['a wrong dtype', () => [{ data: new Float64Array(8), shape: [2, 2, 2], dtype: 'float64' }], /input 1: expected dtype float32, got float64/],
    ['a wrong shape', () => [{ data: new Float32Array(8), shape: [4, 2], dtype: 'float32' }], /input 1: expected 3 dims/],
    ['a too-short TypedArray', () => [{ data: new Float32Array(7), shape: [2, 2, 2], dtype: 'float32' }], /input 1: .*needs 8 elements.*7|7.*8/],
    ['a detached ArrayBuffer', () => [{ data: detachedFloat32(8), shape: [2, 2, 2], dtype: 'float32' }], /input 1: .*detached/],
  ])('API: %s', async (_what, inputs, message) => {
    await expect(model.run(inputs())).rejects.toThrow(message);
  });

  // The addon takes inputs as TypedArrays and shapes (NativeCompiledModel.run); a static input's
  // shape is the spec's and is not read, a dynamic input's is.
  test.each<[string, () => [unknown, unknown], RegExp]>([
    ['inputs that are not an array', () => [good(), [[2, 2, 2]]], /inputs must be an array of TypedArrays/],
    ['too many inputs', () => [[good().data, good().data], [[2, 2, 2], [2, 2, 2]]], /expected 1 inputs, got 2/],
    ['an input that is not a TypedArray', () => [[[1, 2, 3, 4, 5, 6, 7, 8]], [[2, 2, 2]]], /input 1: expected a TypedArray/],
    ['a TypedArray of another dtype', () => [[new Float64Array(8)], [[2, 2, 2]]], /input 1: float32 needs a Float32Array, got Float64Array/],
    ['a TypedArray not matching the dtype', () => [[new Int32Array(8)], [[2, 2, 2]]], /needs a Float32Array, got Int32Array/],
    ['a too-short TypedArray', () => [[new Float32Array(7)], [[2, 2, 2]]], /input 1: 8 elements expected, the data has 7/],
    ['a detached ArrayBuffer', () => [[detachedFloat32(8)], [[2, 2, 2]]], /8 elements expected, the data has 0/],
  ])('addon directly: %s', async (_what, inputs, message) => {
    const [datas, shapes] = inputs();
    await expect(Promise.resolve().then(() => raw.run(datas as TypedArray[], shapes as number[][], 0))).rejects.toThrow(message);
    expect(() => raw.runSync(datas as TypedArray[], shapes as number[][])).toThrow(message);
  });

  test.each<[string, unknown, number, RegExp]>([
    ['no shapes', undefined, 8, /inputs' shapes must be an array/],
    ['a shape of another rank', [[8]], 8, /input 1: its shape does not fit the model/],
    ['a shape with another static size', [[2, 4, 1]], 8, /input 1: its shape does not fit the model/],
    ['a shape that is not integers', [[2.5, 2, 2]], 10, /input 1: shape must hold non-negative integers/],
    ['a shape longer than the data', [[3, 2, 2]], 8, /input 1: 12 elements expected, the data has 8/],
    ['a shape whose product overflows', [[2 ** 52, 2, 2]], 8, /too large|elements expected/],
  ])('addon directly, a dynamic input: %s', async (_what, shapes, length, message) => {
    const datas = [new Float32Array(length)];
    await expect(Promise.resolve().then(() => rawDynamic.run(datas, shapes as number[][], 0))).rejects.toThrow(message);
  });

  test('a disposed model refuses to run, through the API and the addon; dispose twice is fine', async () => {
    const once = await load(compiledPath);
    once.dispose();
    once.dispose();
    await expect(once.run([good()])).rejects.toThrow(/disposed/);
    const direct = await native().loadCompiled(path.resolve(compiledPath));
    direct.dispose();
    direct.dispose();
    await expect(Promise.resolve().then(() => direct.run([good().data], [[2, 2, 2]], 0))).rejects.toThrow(/disposed/);
  });

  test('after all of that the model still runs correctly', async () => {
    const [out] = await model.run([good()]);
    expect(Array.from(out.data as Float32Array)).toEqual(new Array(8).fill(11));
  });
});
