// The run verb: a compiled model on seeded random inputs, reproducible from the seed.
import * as path from 'path';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/paths';

interface RunJson {
  inputs: Array<{ shape: number[]; data: number[] }>;
  outputs: Array<{ shape: number[]; dtype: string; data: number[] }>;
}

describe('aot-model-compiler run', () => {
  test('runs the compiled upstream model: outputs are inputs + 10, the same for the same seed', async () => {
    const model = copyFixture('add10', 'run');
    const compiled = await runCli([`--model=${model}`, '--model-name=add10', '--model-version=v1', '--input-dims=2,2,2']);
    expect(compiled.code).toBe(0);
    const compiledPath = path.join(path.dirname(model), 'add10.compiled.pt');
    const first = await runCli(['run', `--model=${compiledPath}`, '--seed=5', '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const parsed = JSON.parse(first.stdout) as RunJson;
    expect(parsed.outputs[0].shape).toEqual([2, 2, 2]);
    expect(parsed.outputs[0].data).toEqual(parsed.inputs[0].data.map((v) => Math.fround(v + 10)));
    const again = await runCli(['run', `--model=${compiledPath}`, '--seed=5', '--json']);
    expect(again.stdout).toBe(first.stdout);
  });

  test('a missing compiled model exits 1 with a clear message', async () => {
    const result = await runCli(['run', '--model=absent.compiled.pt']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: compiled model not found: absent.compiled.pt\n');
  });
});
