// The upstream test model (forward(x) = torch.add(x, 10)) through the CLI, as the original tool.
import * as fs from 'fs';
import * as path from 'path';
import { compile, load, tensor } from '../../lib';
import type { CompilePhase } from '../../lib';
import { runCli } from '../helpers/cli';
import { copyFixture, listDir } from '../helpers/paths';
import { llvmAsErrors } from '../helpers/llvm';

const UPSTREAM_FLAGS = ['--input_dims=2,2,2', '--model_name=aot_test_model', '--model_version=v1'];

describe('the upstream test model', () => {
  let model: string;
  let dir: string;

  beforeAll(() => {
    model = copyFixture('add10', 'upstream');
    dir = path.dirname(model);
  });

  test('compiles through the CLI to both files next to the model and prints where', async () => {
    const result = await runCli([`--model=${model}`, ...UPSTREAM_FLAGS]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const compiled = path.join(dir, 'add10.compiled.pt');
    expect(result.stdout).toBe(`The compiled model was saved to ${compiled}\n`);
    expect(listDir(dir)).toEqual(['add10.compiled.d.ts', 'add10.compiled.ll', 'add10.compiled.o', 'add10.compiled.pt', 'add10.pt']);
  });

  test('the .ll is valid LLVM assembly defining the kernel with the design ABI', () => {
    const ll = path.join(dir, 'add10.compiled.ll');
    expect(llvmAsErrors(ll)).toBe('');
    expect(fs.readFileSync(ll, 'utf8')).toMatch(/define\b[^\n]*\bi32 @nnc_aot_test_model_v1_forward\(ptr[^,)]*\)/);
  });

  test('the compiled model returns exactly x + 10', async () => {
    const compiled = await load(path.join(dir, 'add10.compiled.pt'));
    try {
      expect(compiled.inputSpecs).toEqual([
        { name: 'x', sizes: [2, 2, 2], dimSymbols: [-1, -1, -1], dtype: 'float32', memoryFormat: 'contiguous' },
      ]);
      const values = [-3.5, -1, 0, 0.25, 1, 2.75, 1e6, -1e-7];
      const [out] = await compiled.run([tensor(values, [2, 2, 2])]);
      expect(out.shape).toEqual([2, 2, 2]);
      expect(out.dtype).toBe('float32');
      expect(Array.from(out.data as Float32Array)).toEqual(Array.from(new Float32Array(values), (v) => Math.fround(v + 10)));
    } finally {
      compiled.dispose();
    }
  });

  test('compile() resolves to the paths and a summary, reporting progress', async () => {
    const phases: CompilePhase[] = [];
    const outputModel = path.join(dir, 'api.compiled.pt');
    const result = await compile({
      model,
      modelName: 'aot_test_model',
      modelVersion: 'v1',
      inputDims: [[2, 2, 2]],
      outputLlvm: path.join(dir, 'api.compiled.ll'),
      outputModel,
      onProgress: (phase, elapsedMs) => {
        expect(elapsedMs).toBeGreaterThanOrEqual(0);
        phases.push(phase);
      },
    });
    expect(result).toEqual({
      outputLlvm: path.join(dir, 'api.compiled.ll'),
      outputModel,
      outputObject: path.join(dir, 'api.compiled.o'),
      outputDeclaration: path.join(dir, 'api.compiled.d.ts'),
      target: expect.stringMatching(/^x86_64-/),
      cpu: expect.any(String),
      matmulPrecision: 'highest',
      kernelFuncName: 'nnc_aot_test_model_v1_forward',
      kernelId: 'aot_test_model:v1:forward:VERTOKEN',
      inputSpecs: [
        { name: 'x', sizes: [2, 2, 2], dimSymbols: [-1, -1, -1], dtype: 'float32', memoryFormat: 'contiguous' },
      ],
      outputSpecs: [{ sizes: [2, 2, 2], dimSymbols: [-1, -1, -1], dtype: 'float32', memoryFormat: 'contiguous' }],
    });
    expect(phases).toEqual(['load', 'freeze', 'passes', 'lower', 'codegen', 'write']);
    expect(phases.length).toBeGreaterThan(0);
    expect(fs.existsSync(outputModel)).toBe(true);
  });
});
