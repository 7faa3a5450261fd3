// The run verb: a compiled model on seeded random or .npy inputs; outputs as .npy for numpy.
import * as fs from 'fs';
import * as path from 'path';
import { loadTorchScript, readNpy, writeNpy, compareTensors, tensor } from '../../lib';
import { runCli } from '../helpers/cli';
import { copyFixture, makeTempDir } from '../helpers/paths';
import { runPython } from '../helpers/python';

interface RunJson {
  model: string;
  seed?: number;
  inputs: Array<{ shape: number[]; dtype: string; file?: string }>;
  outputs: Array<{ shape: number[]; dtype: string; first: number[]; file?: string }>;
  timeMs: number;
}

/** Compiles fixture `name` into a temp dir with the CLI; returns the compiled model's path. */
async function compiled(name: string, inputDims: string, extra: string[] = []): Promise<{ original: string; model: string }> {
  const original = copyFixture(name, `run-${name}`);
  const result = await runCli([`--model=${original}`, `--model-name=${name}`, '--model-version=v1', `--input-dims=${inputDims}`, ...extra]);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return { original, model: path.join(path.dirname(original), `${name}.compiled.pt`) };
}

describe('aot-model-compiler run', () => {
  let add10: { original: string; model: string };

  beforeAll(async () => {
    add10 = await compiled('add10', '2,2,2');
  });

  test('--seed: a JSON summary (shapes, dtypes, first values, time), the same for the same seed', async () => {
    const first = await runCli(['run', `--model=${add10.model}`, '--seed=5', '--json']);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    const parsed = JSON.parse(first.stdout) as RunJson;
    expect(parsed.seed).toBe(5);
    expect(parsed.inputs).toEqual([{ shape: [2, 2, 2], dtype: 'float32' }]);
    expect(parsed.outputs[0].shape).toEqual([2, 2, 2]);
    expect(parsed.outputs[0].dtype).toBe('float32');
    expect(parsed.outputs[0].first).toHaveLength(8);
    expect(parsed.timeMs).toBeGreaterThanOrEqual(0);
    const again = JSON.parse((await runCli(['run', `--model=${add10.model}`, '--seed=5', '--json'])).stdout) as RunJson;
    expect(again.outputs).toEqual(parsed.outputs);
  });

  test('--output-dir: numpy reads the outputs, and they match the original model on the same inputs', async () => {
    const { original, model } = await compiled('two_in_two_out', '2,3,4;2,3,4');
    const dir = makeTempDir('run-out');
    const result = await runCli(['run', `--model=${model}`, '--seed=3', `--output-dir=${dir}`]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(fs.readdirSync(dir).sort()).toEqual(['input_1.npy', 'input_2.npy', 'output_1.npy', 'output_2.npy']);
    expect(result.stdout).toMatch(/output 2: float32 \[2, 3, 4\] .* -> .*output_2\.npy/);
    // numpy: the expected outputs from the inputs, with the model's formulas
    // (a*b+1, maximum(a,b) - sigmoid(minimum(a,b))).
    const check = runPython(
      [
        'import sys, numpy as np',
        "d = sys.argv[1]; a, b = np.load(d + '/input_1.npy'), np.load(d + '/input_2.npy')",
        "o1, o2 = np.load(d + '/output_1.npy'), np.load(d + '/output_2.npy')",
        'e2 = np.maximum(a, b) - 1 / (1 + np.exp(-np.minimum(a, b)))',
        "print(o1.dtype, o1.shape, float(np.abs(o1 - (a * b + 1)).max()), float(np.abs(o2 - e2).max()))",
      ].join('\n'),
      [dir],
    ).trim().split(' ');
    expect(check.slice(0, 4)).toEqual(['float32', '(2,', '3,', '4)']);
    expect(Number(check[4])).toBeLessThanOrEqual(1e-5);
    expect(Number(check[5])).toBeLessThanOrEqual(1e-5);
    // The oracle: the TorchScript model on the inputs run wrote.
    const inputs = [await readNpy(path.join(dir, 'input_1.npy')), await readNpy(path.join(dir, 'input_2.npy'))];
    const ts = await loadTorchScript(original);
    try {
      const expected = await ts.run(inputs);
      for (const [i, e] of expected.entries()) {
        const actual = await readNpy(path.join(dir, `output_${i + 1}.npy`));
        expect(compareTensors(e, actual).maxRelError).toBeLessThanOrEqual(1e-5);
      }
    } finally {
      ts.dispose();
    }
  });

  test('--inputs: .npy files written by numpy, int inputs included; the outputs match the original', async () => {
    const { original, model } = await compiled('int_inputs', '2,8;2,8', ['--input-types=uint8;int64']);
    const dir = makeTempDir('run-in');
    runPython(
      [
        'import sys, numpy as np',
        "np.save(sys.argv[1] + '/x.npy', (np.arange(16, dtype=np.uint8) * 13).reshape(2, 8))",
        "np.save(sys.argv[1] + '/ids.npy', np.arange(16, dtype=np.int64).reshape(2, 8) - 3)",
      ].join('\n'),
      [dir],
    );
    const x = path.join(dir, 'x.npy');
    const ids = path.join(dir, 'ids.npy');
    const out = path.join(dir, 'out');
    const result = await runCli(['run', `--model=${model}`, `--inputs=${x},${ids}`, `--output-dir=${out}`, '--json']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const parsed = JSON.parse(result.stdout) as RunJson;
    expect(parsed.inputs.map((i) => i.file)).toEqual([x, ids]);
    expect(parsed.outputs.map((o) => o.dtype)).toEqual(['float32', 'int64']);
    expect(fs.readdirSync(out).sort()).toEqual(['output_1.npy', 'output_2.npy']);
    const ts = await loadTorchScript(original);
    try {
      const expected = await ts.run([await readNpy(x), await readNpy(ids)]);
      for (const [i, e] of expected.entries()) {
        expect(compareTensors(e, await readNpy(path.join(out, `output_${i + 1}.npy`))).maxAbsError).toBeLessThanOrEqual(1e-5);
      }
    } finally {
      ts.dispose();
    }
  });

  test('a wrong-shape or wrong-dtype .npy input fails (exit 1) naming the input', async () => {
    const dir = makeTempDir('run-bad');
    await writeNpy(path.join(dir, 'wide.npy'), tensor(new Float32Array(12), [2, 2, 3], 'float32'));
    await writeNpy(path.join(dir, 'f64.npy'), tensor(new Float64Array(8), [2, 2, 2], 'float64'));
    const wide = await runCli(['run', `--model=${add10.model}`, `--inputs=${path.join(dir, 'wide.npy')}`]);
    expect(wide.code).toBe(1);
    expect(wide.stderr).toBe('error: input 1: expected shape [2, 2, 2], got [2, 2, 3] (dim 2 differs)\n');
    const f64 = await runCli(['run', `--model=${add10.model}`, `--inputs=${path.join(dir, 'f64.npy')}`]);
    expect(f64.code).toBe(1);
    expect(f64.stderr).toBe('error: input 1: expected dtype float32, got float64\n');
  });

  test('usage errors exit 2: --input_dims not matching the compiled shape, --inputs with --seed, a wrong file count', async () => {
    const dims = await runCli(['run', `--model=${add10.model}`, '--input_dims=3,2,2']);
    expect(dims.code).toBe(2);
    expect(dims.stderr).toMatch(/^error: input 1: input dims \[3, 2, 2\] do not match the compiled shape \[2, 2, 2\]/);
    const both = await runCli(['run', `--model=${add10.model}`, '--inputs=a.npy', '--seed=1']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/mutually exclusive/);
    const count = await runCli(['run', `--model=${add10.model}`, '--inputs=a.npy,b.npy']);
    expect(count.code).toBe(2);
    expect(count.stderr).toMatch(/--inputs gives 2 files, the compiled model takes 1 input/);
  });

  test('a missing compiled model or input file exits 1 with a clear message', async () => {
    const result = await runCli(['run', '--model=absent.compiled.pt']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: compiled model not found: absent.compiled.pt\n');
    const input = await runCli(['run', `--model=${add10.model}`, '--inputs=absent.npy']);
    expect(input.code).toBe(1);
    expect(input.stderr).toBe('error: input 1: file not found: absent.npy\n');
  });
});
