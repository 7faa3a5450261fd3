// run(inputs, { outputs }) writes into the caller's tensors: the same values as a plain run
// (which match the original model), no new output objects, and clear errors for wrong ones.
import { load, randomInputs, tensor } from '../../lib';
import type { CompiledModel, Tensor, TensorSpec } from '../../lib';
import { compareWithOriginal } from '../helpers/oracle';
import { compileFixture } from '../helpers/compile-fixture';
import { fixtureModel } from '../helpers/paths';

function emptyLike(specs: readonly TensorSpec[], batch = 2): Tensor[] {
  return specs.map((s) => {
    const shape = s.sizes.map((d) => (d === 0 ? batch : d));
    return tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape, 'float32');
  });
}

describe('run() into given outputs', () => {
  let model: CompiledModel;

  beforeAll(async () => {
    model = await load(await compileFixture('two_in_two_out', '2,3,4;2,3,4', { dynamicDims: '0:0,1:0' }));
  });

  afterAll(() => model?.dispose());

  test.each([
    ['on a worker and inline', false],
    ['with runSync', true],
  ])('fills them %s, returning them, with the values of a plain run', async (_how, sync) => {
    const inputs = randomInputs(model.inputSpecs.map((s) => ({ ...s, sizes: s.sizes.map((d) => d || 2) })), 5);
    const plain = await model.run(inputs);
    const given = emptyLike(model.outputSpecs);
    for (let i = 0; i < 3; i++) {
      const returned = sync ? model.runSync(inputs, { outputs: given }) : await model.run(inputs, { outputs: given });
      expect(returned).toBe(given);
      returned.forEach((t, k) => expect(Array.from(t.data as Float32Array)).toEqual(Array.from(plain[k].data as Float32Array)));
    }
    const report = await compareWithOriginal(fixtureModel('two_in_two_out'), inputs, given);
    expect({ report: report.description, ok: report.maxRelError <= 1e-5 }).toEqual({ report: report.description, ok: true });
  });

  test('a dynamic dimension of a given output must match the run', async () => {
    const inputs = randomInputs(model.inputSpecs.map((s) => ({ ...s, sizes: s.sizes.map((d) => d || 3) })), 6);
    await expect(model.run(inputs, { outputs: emptyLike(model.outputSpecs, 2) })).rejects.toThrow(
      /output 1: the run produces float32\[3,3,4\], the given tensor is float32\[2,3,4\]/,
    );
    expect(() => model.runSync(inputs, { outputs: emptyLike(model.outputSpecs, 2) })).toThrow(/output 1: the run produces/);
  });

  test.each([
    ['too few outputs', (outs: Tensor[]) => outs.slice(0, 1), /the model has 2 outputs, 1 were given/],
    ['a wrong dtype', (outs: Tensor[]) => [tensor(new Float64Array(24), [2, 3, 4], 'float64'), outs[1]], /output 1: the model writes float32/],
    ['a wrong static size', (outs: Tensor[]) => [outs[0], tensor(new Float32Array(10), [2, 5], 'float32')], /output 2: expected shape \[\?, 3, 4\], got \[2, 5\]/],
    ['two outputs on one buffer', (outs: Tensor[]) => [outs[0], outs[0]], /output 2 shares memory with output 1/],
  ])('refuses %s', async (_what, make, message) => {
    const inputs = randomInputs(model.inputSpecs.map((s) => ({ ...s, sizes: s.sizes.map((d) => d || 2) })), 7);
    await expect(model.run(inputs, { outputs: make(emptyLike(model.outputSpecs)) })).rejects.toThrow(message);
  });

  test('refuses an output on an input\'s memory', async () => {
    const inputs = randomInputs(model.inputSpecs.map((s) => ({ ...s, sizes: s.sizes.map((d) => d || 2) })), 8);
    const outputs = [inputs[0], emptyLike(model.outputSpecs)[1]];
    await expect(model.run(inputs, { outputs })).rejects.toThrow(/output 1 shares memory with input 1/);
  });
});
