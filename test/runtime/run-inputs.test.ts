// CompiledModel.run() checks its inputs against the model's input specs and converts plain data.
import * as path from 'path';
import { compile, load, tensor } from '../../lib';
import type { CompiledModel } from '../../lib';
import { fixtureModel, makeTempDir } from '../helpers/paths';

describe('running a compiled model', () => {
  let model: CompiledModel;

  beforeAll(async () => {
    const dir = makeTempDir('run-inputs');
    const result = await compile({
      model: fixtureModel('int_inputs'),
      modelName: 'int_inputs',
      modelVersion: 'v1',
      inputDims: '2,3;2,3',
      inputTypes: 'uint8;int64',
      outputModel: path.join(dir, 'm.compiled.pt'),
      outputLlvm: path.join(dir, 'm.compiled.ll'),
    });
    model = await load(result.outputModel);
  });

  afterAll(() => model?.dispose());

  const x = [[0, 51, 255], [1, 2, 3]];
  const idx = [[1, 2, 3], [4, 5, 6]];

  test('accepts nested arrays and { data: number[], shape }, converted to the input dtypes', async () => {
    const [sum, odd] = await model.run([x, { data: idx.flat(), shape: [2, 3] }]);
    expect(sum.dtype).toBe('float32');
    expect(Array.from(sum.data as Float32Array)).toEqual(
      x.flat().map((v, i) => Math.fround(Math.fround(v / 255) + idx.flat()[i])),
    );
    expect(odd.dtype).toBe('int64');
    expect(Array.from(odd.data as BigInt64Array)).toEqual(idx.flat().map((v) => BigInt(v * 2 + 1)));
  });

  test.each([
    ['the wrong number of inputs', () => [x], /takes 2 inputs, got 1/],
    ['a wrong dtype', () => [tensor(x.flat(), [2, 3], 'float32'), idx], /input 1: expected dtype uint8, got float32/],
    ['a wrong rank', () => [x, tensor(idx.flat(), [6], 'int64')], /input 2: expected 2 dims \[2, 3\], got 1 \[6\]/],
    ['a wrong size', () => [x, tensor(idx.flat(), [3, 2], 'int64')], /input 2: expected shape \[2, 3\], got \[3, 2\]/],
    ['data not matching the shape', () => [{ data: [1, 2], shape: [2, 3] }, idx], /input 1: shape \[2, 3\] needs 6 elements/],
    ['a TypedArray of another type', () => [{ data: new Float32Array(6), shape: [2, 3] }, idx], /input 1: uint8 data must be a Uint8Array/],
  ])('rejects %s, naming the input', async (_what, inputs, message) => {
    await expect(model.run(inputs() as never)).rejects.toThrow(message);
  });
});
