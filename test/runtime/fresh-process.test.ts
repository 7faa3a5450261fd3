// A compiled model loads and runs in a new Node process, from the artifacts alone.
import * as fs from 'fs';
import * as path from 'path';
import { compile, randomInputs, tensor } from '../../lib';
import type { DType } from '../../lib';
import { runNode } from '../helpers/cli';
import { compareOutputs, runOriginal } from '../helpers/oracle';
import { copyFixture, repoRoot } from '../helpers/paths';

// Runs in the child: requires the built package, runs the model on JSON inputs, prints JSON outputs.
const CHILD = `
const api = require(${JSON.stringify(repoRoot)});
let text = '';
process.stdin.on('data', (c) => (text += c));
process.stdin.on('end', async () => {
  const { modelPath, inputs } = JSON.parse(text);
  const model = await api.load(modelPath);
  const outputs = await model.run(inputs);
  model.dispose();
  process.stdout.write(JSON.stringify(outputs.map((t) => ({ shape: t.shape, dtype: t.dtype, data: Array.from(t.data, Number) }))));
});
`;

describe('a fresh Node process', () => {
  test.each([
    ['add10', '2,2,2'],
    ['conv_relu', '1,3,8,8'],
  ])('runs compiled %s after the original .pt was deleted', async (name, inputDims) => {
    const original = copyFixture(name, `fresh-${name}`);
    const result = await compile({ model: original, modelName: name, modelVersion: 'v1', inputDims });
    const inputs = randomInputs(result.inputSpecs, 3);
    const expected = await runOriginal(original, inputs);
    fs.rmSync(original);

    const payload = JSON.stringify({
      modelPath: result.outputModel,
      inputs: inputs.map((t) => ({ shape: t.shape, dtype: t.dtype, data: Array.from(t.data as Float32Array) })),
    });
    const child = await runNode(['-e', CHILD], { cwd: path.dirname(original), input: payload });
    expect(child.stderr).toBe('');
    expect(child.code).toBe(0);
    const outputs = JSON.parse(child.stdout) as Array<{ shape: number[]; dtype: DType; data: number[] }>;
    const report = compareOutputs(expected, outputs.map((o) => tensor(o.data, o.shape, o.dtype)));
    const where = `${name}:\n${report.description}`;
    expect({ where, ok: report.maxRelError <= 1e-4 }).toEqual({ where, ok: true });
  });
});
