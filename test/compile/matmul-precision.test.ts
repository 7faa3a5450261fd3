// --matmul_precision medium: linear layers, matrix products and convolutions with bfloat16
// operands (float32 sums) where the CPU has native bfloat16 arithmetic, float32 elsewhere;
// recorded in the compiled model (and the compile result: the CLI case). --matmul_precision
// high: operands split into two bfloat16 parts, within float32's tolerance. Compared with the
// original model like every compiled model.
import * as fs from 'fs';
import * as path from 'path';
import { load, mulberry32, randomTensor, verify, DEFAULT_MEDIUM_PRECISION_RTOL } from '../../lib';
import type { Tensor } from '../../lib';
import { cpuFlags } from '../../lib/addon/blas-kernels';
import { checkAgainstOriginal, compareWithOriginal } from '../helpers/oracle';
import { runCli } from '../helpers/cli';
import { compileFixture } from '../helpers/compile-fixture';
import { fixtureModel, makeTempDir } from '../helpers/paths';
import { ensureRealFixtures } from '../helpers/real-fixtures';

const flags = fs.existsSync('/proc/cpuinfo') ? cpuFlags(fs.readFileSync('/proc/cpuinfo', 'utf8')) : new Set<string>();
const nativeBf16 = flags.has('amx_bf16') || flags.has('avx512_bf16');

// bfloat16 keeps 8 significant bits: each product is off by up to ~2^-8 of its size. Errors are
// relative to the output's largest magnitude (compareTensors).
const BF16_TOLERANCE = 2e-2;
// What float32 computation of these models stays within (the fixture tests' bound).
const FLOAT32_TOLERANCE = 1e-4;

// Models whose work is in oneDNN calls: linear layers, batched matmuls, convolutions, and a
// transformer layer (all three kinds of products but convolutions, with softmax and layer norm).
const MODELS = [
  { name: 'mlp', inputDims: '2,512' },
  { name: 'batched_matmul', inputDims: '2,3,8,16;1,3,16,12;16,12' },
  { name: 'conv_fusion', inputDims: '2,3,20,18' },
  { name: 'transformer_encoder', inputDims: '1,16,256' },
];

beforeAll(() => ensureRealFixtures());

describe('matmul precision', () => {
  test.each(MODELS.map((m) => [m.name, m] as const))('%s at medium precision', async (name, { inputDims }) => {
    const compiled = await compileFixture(name, inputDims, { matmulPrecision: 'medium' });
    const model = await load(compiled);
    expect(model.matmulPrecision).toBe('medium');
    model.dispose();
    for (const seed of [1, 2]) {
      const report = await checkAgainstOriginal(fixtureModel(name), compiled, seed);
      const where = `${name}, seed ${seed}, native bfloat16: ${nativeBf16}\n${report.description}`;
      // Where the CPU computes in bfloat16 the error shows it; elsewhere the model is float32.
      const bf16Used = report.maxRelError > FLOAT32_TOLERANCE;
      expect({ where, withinTolerance: report.maxRelError <= BF16_TOLERANCE, bf16Used }).toEqual({
        where,
        withinTolerance: true,
        bf16Used: nativeBf16,
      });
    }
  });

  // Shapes where high precision's split pays, so that the bfloat16 parts are used where the CPU
  // has native bfloat16 (the native tests check which kernel runs): linear layers over 64 rows, a
  // transformer layer over 64 tokens (its attention products too), resnet18's 3x3 convolutions.
  const HIGH_MODELS = [
    { name: 'mlp', inputDims: '64,512' },
    { name: 'transformer_encoder', inputDims: '1,64,256' },
    { name: 'resnet18', inputDims: '1,3,64,64' },
  ];

  test.each(HIGH_MODELS.map((m) => [m.name, m] as const))(
    '%s at high precision stays within float32 tolerance of the original',
    async (name, { inputDims }) => {
      const compiled = await compileFixture(name, inputDims, { matmulPrecision: 'high' });
      const model = await load(compiled);
      expect(model.matmulPrecision).toBe('high');
      model.dispose();
      for (const seed of [1, 2]) {
        const report = await checkAgainstOriginal(fixtureModel(name), compiled, seed);
        expect({ report: report.description, float32: report.maxRelError <= FLOAT32_TOLERANCE }).toEqual({
          report: report.description,
          float32: true,
        });
      }
    },
  );

  test('high precision with a dynamic sequence length: each length within float32 tolerance', async () => {
    // 8 tokens stay float32 (too few rows for the split), 40 and 100 are split.
    const compiled = await compileFixture('transformer_encoder', '1,64,256', { matmulPrecision: 'high', dynamicDims: '0:1' });
    const model = await load(compiled);
    try {
      for (const [seed, length] of [8, 40, 100].entries()) {
        const inputs: Tensor[] = [randomTensor([1, length, 256], 'float32', mulberry32(seed + 1))];
        const report = await compareWithOriginal(fixtureModel('transformer_encoder'), inputs, await model.run(inputs));
        const where = `${length} tokens:\n${report.description}`;
        expect({ where, float32: report.maxRelError <= FLOAT32_TOLERANCE }).toEqual({ where, float32: true });
      }
    } finally {
      model.dispose();
    }
  });

  test('the default is highest: float32, recorded as such', async () => {
    const compiled = await compileFixture('mlp', '2,512');
    const model = await load(compiled);
    expect(model.matmulPrecision).toBe('highest');
    model.dispose();
    const report = await checkAgainstOriginal(fixtureModel('mlp'), compiled, 1);
    expect({ report: report.description, float32: report.maxRelError <= FLOAT32_TOLERANCE }).toEqual({
      report: report.description,
      float32: true,
    });
  });

  test("verify: a medium-precision model is held to medium precision's default tolerance", async () => {
    const dir = makeTempDir('medium-verify');
    const options = { model: fixtureModel('mlp'), inputDims: '2,512' };
    const outputs = { outputModel: path.join(dir, 'mlp.compiled.pt'), outputLlvm: path.join(dir, 'mlp.compiled.ll') };
    const report = await verify({ ...options, ...outputs, matmulPrecision: 'medium', trials: 1 });
    expect({ rtol: report.rtol, passed: report.passed }).toEqual({ rtol: DEFAULT_MEDIUM_PRECISION_RTOL, passed: true });
    // A float32 tolerance given explicitly tells bfloat16 products apart.
    const strict = await verify({ ...options, compiled: report.compiled, rtol: FLOAT32_TOLERANCE, trials: 1 });
    expect(strict.passed).toBe(!nativeBf16);
  });

  test('the CLI flag, in both spellings, reaches the compiled model', async () => {
    for (const flag of ['--matmul_precision', '--matmul-precision']) {
      const dir = makeTempDir('medium-cli');
      const args = ['--model', fixtureModel('matmul_bias'), '--model_name', 'm', '--model_version', 'v1'];
      const outputs = ['--output_model', path.join(dir, 'm.compiled.pt'), '--output_llvm', path.join(dir, 'm.compiled.ll')];
      const cli = await runCli([...args, '--input_dims', '4,6', flag, 'medium', ...outputs, '--json']);
      expect({ code: cli.code, stderr: cli.stderr }).toEqual({ code: 0, stderr: '' });
      expect((JSON.parse(cli.stdout) as { matmulPrecision: string }).matmulPrecision).toBe('medium');
    }
  });
});
