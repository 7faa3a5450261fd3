// --dynamic_dims: a size declared dynamic may change at run time.
import * as path from 'path';
import { compile, load, randomInputs } from '../../lib';
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
