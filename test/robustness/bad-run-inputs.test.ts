// run() turns every bad input into an Error naming the input, through the API and when the
// addon is called directly (bypassing the TypeScript checks): never a crash, never a read
// past the end of the data.
import * as path from 'path';
import { compile, load, tensor } from '../../lib';
import type { CompiledModel, TensorInput } from '../../lib';
import { native } from '../../lib/native';
import type { NativeCompiledModel, Tensor } from '../../lib/native';
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
  });

  afterAll(() => {
    model?.dispose();
    raw?.dispose();
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

  test.each<[string, () => unknown[], RegExp]>([
    ['too many inputs', () => [good(), good()], /expects 1 inputs, got 2/],
    ['a wrong dtype', () => [{ data: new Float64Array(8), shape: [2, 2, 2], dtype: 'float64' }], /input \d.*expected float32\[2,2,2\], got float64/],
    ['a wrong shape', () => [{ data: new Float32Array(8), shape: [4, 2], dtype: 'float32' }], /expected float32\[2,2,2\], got float32\[4,2\]/],
    ['a too-short TypedArray', () => [{ data: new Float32Array(7), shape: [2, 2, 2], dtype: 'float32' }], /shape holds 8 elements but data has 7/],
    ['a detached ArrayBuffer', () => [{ data: detachedFloat32(8), shape: [2, 2, 2], dtype: 'float32' }], /detached|elements but data has 0/],
    ['a TypedArray not matching the dtype', () => [{ data: new Int32Array(8), shape: [2, 2, 2], dtype: 'float32' }], /needs a Float32Array, got Int32Array/],
    ['a shape whose product overflows', () => [{ data: new Float32Array(8), shape: [2 ** 40, 2 ** 40, 2 ** 40], dtype: 'float32' }], /too large|elements/],
  ])('addon directly: %s', async (_what, inputs, message) => {
    await expect(Promise.resolve().then(() => raw.run(inputs() as Tensor[]))).rejects.toThrow(message);
  });

  test('a disposed model refuses to run, through the API and the addon; dispose twice is fine', async () => {
    const once = await load(compiledPath);
    once.dispose();
    once.dispose();
    await expect(once.run([good()])).rejects.toThrow(/disposed/);
    const direct = await native().loadCompiled(path.resolve(compiledPath));
    direct.dispose();
    direct.dispose();
    await expect(Promise.resolve().then(() => direct.run([good()]))).rejects.toThrow(/disposed/);
  });

  test('after all of that the model still runs correctly', async () => {
    const [out] = await model.run([good()]);
    expect(Array.from(out.data as Float32Array)).toEqual(new Array(8).fill(11));
  });
});
