// Errors the kernel itself detects (an integer division by zero, which TorchScript raises as
// ZeroDivisionError and the CPU instruction would answer with SIGFPE, ending the process; an
// index out of range) reject the run with that message; the process lives on and the next run
// is right.
import * as path from 'path';
import { compile, load, loadTorchScript, tensor } from '../../lib';
import type { CompiledModel, TorchScriptModel } from '../../lib';
import { fixtureModel, makeTempDir } from '../helpers/paths';

describe('errors inside the kernel', () => {
  let model: CompiledModel;
  let original: TorchScriptModel;

  beforeAll(async () => {
    const dir = makeTempDir('int-remainder');
    const result = await compile({
      model: fixtureModel('int_remainder'),
      modelName: 'int_remainder',
      modelVersion: 'v1',
      inputDims: '16;16',
      inputTypes: 'int64;int64',
      outputLlvm: path.join(dir, 'int_remainder.compiled.ll'),
      outputModel: path.join(dir, 'int_remainder.compiled.pt'),
    });
    model = await load(result.outputModel);
    original = await loadTorchScript(fixtureModel('int_remainder'));
  });

  afterAll(() => model.dispose());

  const dividends = BigInt64Array.from([-9, -7, -5, -3, -1, 0, 1, 2, 3, 5, 7, 9, -8, 8, 11, -11].map(BigInt));
  const divisors = (zeroAt?: number) => {
    const b = BigInt64Array.from([2, 3, -2, -3, 4, -4, 5, 7, -7, 1, -1, 3, 2, -5, 6, -6].map(BigInt));
    if (zeroAt !== undefined) b[zeroAt] = 0n;
    return b;
  };
  const inputs = (zeroAt?: number) => [tensor(dividends, [16], 'int64'), tensor(divisors(zeroAt), [16], 'int64')];

  test('a remainder by zero rejects run() and throws from runSync(), naming ZeroDivisionError', async () => {
    await expect(model.run(inputs(7))).rejects.toThrow(/integer division by zero \(ZeroDivisionError/);
    expect(() => model.runSync(inputs(0))).toThrow(/integer division by zero \(ZeroDivisionError/);
    await expect(original.run(inputs(7))).rejects.toThrow(/ZeroDivisionError/);
  });

  test('after the error, runs match the original TorchScript model', async () => {
    await expect(model.run(inputs(3))).rejects.toThrow(/division by zero/);
    const [got] = await model.run(inputs());
    const [want] = await original.run(inputs());
    expect(Array.from(got.data as BigInt64Array)).toEqual(Array.from(want.data as BigInt64Array));
    expect(Array.from(got.data as BigInt64Array).slice(0, 4)).toEqual([1n, 2n, -1n, 0n]);  // Python's %
  });
});

// An index outside the dimension it indexes (embedding ids, index_select and gather indices):
// PyTorch raises an error rather than reading beside the tensor; so does the compiled model,
// naming the op and the value, and the next run with good indices is right.
describe('an index out of range', () => {
  let model: CompiledModel;
  let original: TorchScriptModel;
  const NAME = 'index_gather';

  beforeAll(async () => {
    const dir = makeTempDir(NAME);
    const result = await compile({
      model: fixtureModel(NAME),
      modelName: NAME,
      modelVersion: 'v1',
      inputDims: '10,12;3,5;7;3,5',
      inputTypes: 'float;int64;int64;int64',
      outputLlvm: path.join(dir, `${NAME}.compiled.ll`),
      outputModel: path.join(dir, `${NAME}.compiled.pt`),
    });
    model = await load(result.outputModel);
    original = await loadTorchScript(fixtureModel(NAME));
  });

  afterAll(() => model.dispose());

  const x = tensor(Float32Array.from({ length: 120 }, (_, i) => Math.sin(i)), [10, 12]);
  const ints = (values: number[], shape: number[]) => tensor(BigInt64Array.from(values.map(BigInt)), shape, 'int64');
  const inRange = (n: number, salt: number) => Array.from({ length: n }, (_, i) => (i * 7 + salt) % 10);
  /** Good inputs, with one value of one index input replaced. */
  const inputs = (bad?: { input: 1 | 2 | 3; at: number; value: number }) => {
    const values = [inRange(15, 1), inRange(7, 4), inRange(15, 2)];
    if (bad) values[bad.input - 1][bad.at] = bad.value;
    return [x, ints(values[0], [3, 5]), ints(values[1], [7]), ints(values[2], [3, 5])];
  };

  test.each([
    ['embedding, one past the table', { input: 1, at: 14, value: 10 }, /aten::embedding: index 10 is out of range for dimension 0 with size 10/, /index out of range in self/],
    ['embedding, negative', { input: 1, at: 0, value: -1 }, /aten::embedding: index -1 is out of range/, /index out of range in self/],
    ['index_select, far out', { input: 2, at: 3, value: 1000000 }, /aten::index_select: index 1000000 is out of range for dimension 0 with size 10/, /index out of range in self/],
    ['gather, negative', { input: 3, at: 7, value: -3 }, /aten::gather: index -3 is out of range for dimension 0 with size 10/, /index -3 is out of bounds for dimension 0 with size 10/],
  ] as const)('%s: the run fails as the original does', async (_label, bad, message, originalMessage) => {
    await expect(model.run(inputs(bad))).rejects.toThrow(message);
    expect(() => model.runSync(inputs(bad))).toThrow(message);
    await expect(original.run(inputs(bad))).rejects.toThrow(originalMessage);
  });

  test('after the errors, runs match the original TorchScript model', async () => {
    await expect(model.run(inputs({ input: 3, at: 0, value: 10 }))).rejects.toThrow(/aten::gather/);
    const got = await model.run(inputs());
    const want = await original.run(inputs());
    expect(got.length).toBe(want.length);
    got.forEach((g, i) => expect(Array.from(g.data as Float32Array)).toEqual(Array.from(want[i].data as Float32Array)));
  });
});
