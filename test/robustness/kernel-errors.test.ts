// An error the kernel itself detects (an integer division by zero, which TorchScript raises as
// ZeroDivisionError and the CPU instruction would answer with SIGFPE, ending the process)
// rejects the run with that message; the process lives on and the next run is right.
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
