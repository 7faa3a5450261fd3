// The embedding path for C++ apps: examples/embed links a compiled kernel object and the
// project's runtime library (no Node, no JIT), loads the .compiled.pt with _load_for_mobile and
// runs it. Its outputs must match the original TorchScript model on the same input.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compareTensors, describeComparison, loadTorchScript } from '../../lib';
import { native } from '../../lib/native';
import type { Tensor } from '../../lib';
import { fixtureModel, makeTempDir, repoRoot } from '../helpers/paths';

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

// "shape d0 d1 ..." then one value per line, for each output.
function parseOutputs(text: string): Tensor[] {
  const outputs: Tensor[] = [];
  let values: number[] = [];
  let shape: number[] | undefined;
  const flush = (): void => {
    if (shape) outputs.push({ data: Float32Array.from(values), shape, dtype: 'float32' });
  };
  for (const line of text.trim().split('\n')) {
    if (line.startsWith('shape')) {
      flush();
      shape = line.split(' ').slice(1).map(Number);
      values = [];
    } else {
      values.push(Number(line));
    }
  }
  flush();
  return outputs;
}

describe('embedding a compiled model in a C++ program', () => {
  // conv_relu calls a oneDNN convolution; pointwise at this size has a parallel loop
  // (aotc_parallel_for), which the program runs on two threads.
  test.each([
    ['conv_relu', [1, 3, 8, 8], 'aotc_dnnl_conv2d'],
    ['pointwise', [1, 3, 48, 48], 'aotc_parallel_for'],
  ])('examples/embed builds against the %s kernel object and matches the original model', async (name, shape, runtimeCall) => {
    const dir = makeTempDir('embed');
    const compiled = await native().compile({
      modelPath: fixtureModel(name),
      methodName: 'forward',
      modelName: name,
      modelVersion: 'v1',
      inputs: [{ sizes: shape, dtype: 'float', memoryFormat: 'contiguous' }],
      dynamicSizes: [],
      outputLlvm: path.join(dir, `${name}.compiled.ll`),
      outputModel: path.join(dir, `${name}.compiled.pt`),
    });
    expect(fs.existsSync(compiled.outputObject)).toBe(true);
    expect(fs.readFileSync(compiled.outputLlvm, 'utf8')).toContain(`call void @${runtimeCall}(`);

    const buildDir = path.join(dir, 'build');
    run('cmake', [
      '-S', path.join(repoRoot, 'examples', 'embed'),
      '-B', buildDir,
      `-DAOTC_ROOT=${repoRoot}`,
      `-DAOTC_RUNTIME_LIB=${path.join(repoRoot, 'build', 'libaotc_runtime.a')}`,
      `-DKERNEL_OBJECT=${compiled.outputObject}`,
      `-DKERNEL_FUNC=${compiled.kernelFuncName}`,
      `-DKERNEL_ID=${compiled.kernelId}`,
    ]);
    run('cmake', ['--build', buildDir]);
    const actual = parseOutputs(run(path.join(buildDir, 'embed'), [compiled.outputModel, shape.join(',')]));

    const count = shape.reduce((a, b) => a * b, 1);
    const input: Tensor = {
      data: Float32Array.from({ length: count }, (_, i) => Math.sin(i)),
      shape,
      dtype: 'float32',
    };
    const original = await loadTorchScript(fixtureModel(name));
    try {
      const expected = await original.run([input]);
      expect(actual).toHaveLength(expected.length);
      const comparison = compareTensors(expected[0], actual[0]);
      const where = describeComparison(comparison);
      expect({ where, ok: comparison.maxRelError <= 1e-4 }).toEqual({ where, ok: true });
    } finally {
      original.dispose();
    }
  });
});
