// --dynamic_dims: a size declared dynamic may change at run time.
import * as fs from 'fs';
import * as path from 'path';
import { compile, load, mulberry32, randomInputs, randomTensor } from '../../lib';
import type { Tensor } from '../../lib';
import { compareWithOriginal } from '../helpers/oracle';
import { fixtureModel, makeTempDir } from '../helpers/paths';

describe('dynamic dims', () => {
  test.each([
    ['add10', '5,3', [[7, 3], [5, 3], [1, 3]]],
    ['two_in_two_out', '5,3,4;5,3,4', [[2, 3, 4], [9, 3, 4]]],
  ] as const)('%s with dims %s, dynamic 5', async (name, inputDims, runShapes) => {
    const dir = makeTempDir(`dynamic-${name}`);
    const result = await compile({
      model: fixtureModel(name),
      modelName: name,
      modelVersion: 'v1',
      inputDims,
      dynamicDims: '5',
      outputLlvm: path.join(dir, 'm.compiled.ll'),
      outputModel: path.join(dir, 'm.compiled.pt'),
    });
    expect(result.inputSpecs[0].sizes[0]).toBe(0);
    const compiled = await load(result.outputModel);
    try {
      for (const [seed, shape] of runShapes.entries()) {
        const inputs = randomInputs(compiled.inputSpecs, seed, { dynamicSize: shape[0] });
        expect(inputs[0].shape).toEqual(shape);
        const actual = await compiled.run(inputs);
        const report = await compareWithOriginal(fixtureModel(name), inputs, actual);
        const where = `${name} at [${shape.join(', ')}]:\n${report.description}`;
        expect({ where, ok: report.maxRelError <= 1e-5 }).toEqual({ where, ok: true });
      }
    } finally {
      compiled.dispose();
    }
  });
});

describe('dynamic dims: size values that collide, and input:dim positions', () => {
  // pointwise has parameters of shape (1,3,1,1) and (3,1,1): with a batch of 1, the size
  // value 1 also names their dimensions, which must not become the batch size.
  test('a size value that also appears in a static shape is refused, naming it', async () => {
    const dir = makeTempDir('dynamic-collision');
    const outputModel = path.join(dir, 'm.compiled.pt');
    await expect(
      compile({
        model: fixtureModel('pointwise'),
        modelName: 'pointwise',
        modelVersion: 'v1',
        inputDims: '1,3,8,8',
        dynamicDims: '1',
        outputLlvm: path.join(dir, 'm.compiled.ll'),
        outputModel,
      }),
    ).rejects.toThrow(/dynamic size 1 also appears in .*does not vary.*input:dim form/s);
    expect(fs.existsSync(outputModel)).toBe(false);
  });

  test.each([
    ['0:0', [[1, 3, 8, 8], [4, 3, 8, 8]]],
    ['0:0,0:2', [[2, 3, 5, 8], [3, 3, 11, 8]]],
  ] as const)('pointwise with the position form %s runs at other sizes', async (dynamicDims, runShapes) => {
    const dir = makeTempDir('dynamic-positions');
    const result = await compile({
      model: fixtureModel('pointwise'),
      modelName: 'pointwise',
      modelVersion: 'v1',
      inputDims: '1,3,8,8',
      dynamicDims,
      outputLlvm: path.join(dir, 'm.compiled.ll'),
      outputModel: path.join(dir, 'm.compiled.pt'),
    });
    expect(result.inputSpecs[0].sizes[0]).toBe(0);
    const compiled = await load(result.outputModel);
    try {
      for (const [seed, shape] of runShapes.entries()) {
        const inputs = [randomTensorOfShape(shape, seed)];
        const actual = await compiled.run(inputs);
        expect(actual[0].shape).toEqual(shape);
        const report = await compareWithOriginal(fixtureModel('pointwise'), inputs, actual);
        const where = `pointwise at [${shape.join(', ')}]:\n${report.description}`;
        expect({ where, ok: report.maxRelError <= 1e-5 }).toEqual({ where, ok: true });
      }
    } finally {
      compiled.dispose();
    }
  });

  test('dynamic dimensions sharing a symbol must agree at run time', async () => {
    const dir = makeTempDir('dynamic-shared');
    const result = await compile({
      model: fixtureModel('two_in_two_out'),
      modelName: 'two',
      modelVersion: 'v1',
      inputDims: '5,3,4;5,3,4',
      dynamicDims: '0:0,1:0',
      outputLlvm: path.join(dir, 'm.compiled.ll'),
      outputModel: path.join(dir, 'm.compiled.pt'),
    });
    const compiled = await load(result.outputModel);
    try {
      const inputs = [randomTensorOfShape([2, 3, 4], 1), randomTensorOfShape([3, 3, 4], 2)];
      await expect(compiled.run(inputs)).rejects.toThrow(/input 2 \(b\): expected float32\[s0,3,4\], got float32\[3,3,4\]/);
    } finally {
      compiled.dispose();
    }
  });
});

function randomTensorOfShape(shape: readonly number[], seed: number): Tensor {
  return randomTensor(shape, 'float32', mulberry32(seed));
}
