// compile() writes <model>.compiled.d.ts: a service gets types for the model it ships.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compile, load } from '../../lib';
import type { CompileResult } from '../../lib';
import { compareWithOriginal } from '../helpers/oracle';
import { fixtureModel, listDir, makeTempDir, repoRoot } from '../helpers/paths';

const TSC = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

/** A consumer project with `aot-model-compiler` installed (linked to this package). */
function consumerProject(label: string): string {
  const dir = makeTempDir(label);
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(repoRoot, path.join(dir, 'node_modules', 'aot-model-compiler'), 'dir');
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'commonjs', types: [], skipLibCheck: false },
      include: ['*.ts'],
    }),
  );
  return dir;
}

function tsc(dir: string): { code: number | null; output: string } {
  const result = spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

async function compileInto(dir: string, name: string, inputDims: string, extra: { inputTypes?: string; dynamicDims?: string } = {}): Promise<CompileResult> {
  return compile({
    model: fixtureModel(name),
    modelName: name,
    modelVersion: 'v1',
    inputDims,
    ...extra,
    outputLlvm: path.join(dir, `${name}.compiled.ll`),
    outputModel: path.join(dir, `${name}.compiled.pt`),
  });
}

describe('the per-model TypeScript declaration', () => {
  test('is written beside the compiled model and type-checks a consumer under tsc --noEmit', async () => {
    const dir = consumerProject('decl-ok');
    const result = await compileInto(dir, 'int_inputs', '2,8;2,8', { inputTypes: 'uint8;int64' });
    expect(result.outputDeclaration).toBe(path.join(dir, 'int_inputs.compiled.d.ts'));
    expect(listDir(dir).filter((f) => f.endsWith('.d.ts'))).toEqual(['int_inputs.compiled.d.ts']);
    const text = fs.readFileSync(result.outputDeclaration as string, 'utf8');
    expect(text).toContain("export type Input1 = TensorOf<'uint8', [2, 8]>;");
    expect(text).toContain("export type Input2 = TensorOf<'int64', [2, 8]>;");
    fs.writeFileSync(
      path.join(dir, 'service.ts'),
      [
        "import { load, tensor } from 'aot-model-compiler';",
        "import type { Inputs, Outputs, Input1, Input2, InputSpecs } from './int_inputs.compiled';",
        'export async function serve(): Promise<number> {',
        "  const model = await load<Inputs, Outputs>('int_inputs.compiled.pt');",
        "  const x: Input1 = { data: new Uint8Array(16), shape: [2, 8], dtype: 'uint8' };",
        "  const ids: Input2 = { data: new BigInt64Array(16), shape: [2, 8], dtype: 'int64' };",
        '  const [sum, odd] = await model.run([x, ids]);',
        '  const f: Float32Array = sum.data;',
        '  const i: BigInt64Array = odd.data;',
        "  const dtype: 'int64' = odd.dtype;",
        "  const spec: InputSpecs[1]['dtype'] = 'int64';",
        '  model.dispose();',
        "  void tensor; void dtype; void spec;",
        '  return f.length + Number(i[0]);',
        '}',
      ].join('\n'),
    );
    expect(tsc(dir)).toEqual({ code: 0, output: '' });
    // The typed model is the real one: run it and compare with the original.
    const model = await load(result.outputModel);
    try {
      const x = { data: Uint8Array.from({ length: 16 }, (_, k) => k * 13), shape: [2, 8], dtype: 'uint8' as const };
      const ids = { data: BigInt64Array.from({ length: 16 }, (_, k) => BigInt(k)), shape: [2, 8], dtype: 'int64' as const };
      const report = await compareWithOriginal(fixtureModel('int_inputs'), [x, ids], await model.run([x, ids]));
      expect({ report: report.description, ok: report.maxRelError <= 1e-5 }).toEqual({ report: report.description, ok: true });
    } finally {
      model.dispose();
    }
  });

  test('rejects, at compile time, inputs of the wrong dtype or shape', async () => {
    const dir = consumerProject('decl-bad');
    await compileInto(dir, 'add10', '2,2,2');
    fs.writeFileSync(
      path.join(dir, 'wrong.ts'),
      [
        "import { load } from 'aot-model-compiler';",
        "import type { Inputs, Outputs } from './add10.compiled';",
        'export async function f(): Promise<void> {',
        "  const model = await load<Inputs, Outputs>('add10.compiled.pt');",
        "  await model.run([{ data: new Int32Array(8), shape: [2, 2, 2], dtype: 'int32' }]);",
        "  await model.run([{ data: new Float32Array(8), shape: [4, 2], dtype: 'float32' }]);",
        '}',
      ].join('\n'),
    );
    const { code, output } = tsc(dir);
    expect(code).not.toBe(0);
    expect(output).toMatch(/wrong\.ts\(5,/);
    expect(output).toMatch(/wrong\.ts\(6,/);
  });

  test('marks dynamic dims as number in the shape', async () => {
    const dir = makeTempDir('decl-dynamic');
    const result = await compileInto(dir, 'add10', '5,3', { dynamicDims: '0:0' });
    const text = fs.readFileSync(result.outputDeclaration as string, 'utf8');
    expect(text).toContain("export type Input1 = TensorOf<'float32', [number, 3]>;");
    expect(text).toMatch(/Input 1 \(x\): float32 \[\?, 3\]\. Dynamic: dim 0/);
    expect(text).toContain('dynamicDims: [0];');
  });

  test('is not written when compiling fails, nor with outputDeclaration: false', async () => {
    const dir = makeTempDir('decl-fail');
    await expect(compileInto(dir, 'add10', '2,2,2;3')).rejects.toThrow();
    expect(listDir(dir)).toEqual([]);
    const result = await compile({
      model: fixtureModel('add10'),
      modelName: 'add10',
      modelVersion: 'v1',
      inputDims: '2,2',
      outputLlvm: path.join(dir, 'a.compiled.ll'),
      outputModel: path.join(dir, 'a.compiled.pt'),
      outputDeclaration: false,
    });
    expect(result.outputDeclaration).toBeUndefined();
    expect(listDir(dir)).toContain('a.compiled.pt');
    expect(listDir(dir).filter((f) => f.endsWith('.d.ts'))).toEqual([]);
  });

  test('when the declaration cannot be written, compile fails and leaves no outputs', async () => {
    const dir = makeTempDir('decl-unwritable');
    await expect(
      compile({
        model: fixtureModel('add10'),
        modelName: 'add10',
        modelVersion: 'v1',
        inputDims: '2,2',
        outputLlvm: path.join(dir, 'a.compiled.ll'),
        outputModel: path.join(dir, 'a.compiled.pt'),
        outputDeclaration: path.join(dir, 'no-such-dir', 'a.d.ts'),
      }),
    ).rejects.toThrow(/cannot write the model declaration .*no-such-dir/);
    expect(listDir(dir)).toEqual([]);
  });
});
