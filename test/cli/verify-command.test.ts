// The verify verb and verify(): the compiled model against the original on seeded random inputs.
import * as fs from 'fs';
import * as path from 'path';
import { compile, verify, UsageError } from '../../lib';
import type { VerifyReport } from '../../lib';
import { runCli } from '../helpers/cli';
import { copyFixture, fixtureModel, makeTempDir } from '../helpers/paths';

describe('verify()', () => {
  test('compiles, then compares every output on each trial: within tolerance', async () => {
    const model = copyFixture('reductions', 'verify-api');
    const report = await verify({ model, inputDims: '4,8', trials: 2, seed: 10 });
    expect(report.compiledNow).toBe(true);
    expect(report.compiled).toBe(path.join(path.dirname(model), 'reductions.compiled.pt'));
    expect(report.trials.map((t) => t.seed)).toEqual([10, 11]);
    expect(report.worst.map((o) => o.shape)).toEqual([[4], [8], [4, 8]]);
    for (const o of report.worst) expect(o.maxRelError).toBeLessThanOrEqual(1e-4);
    expect(report.passed).toBe(true);
  });

  test('an existing compiled model with dynamic dims, run at other sizes', async () => {
    const dir = makeTempDir('verify-dynamic');
    const result = await compile({
      model: fixtureModel('two_in_two_out'),
      modelName: 'two',
      modelVersion: 'v1',
      inputDims: '5,3,4;5,3,4',
      dynamicDims: '0:0,1:0',
      outputLlvm: path.join(dir, 'two.compiled.ll'),
      outputModel: path.join(dir, 'two.compiled.pt'),
    });
    const report = await verify({ model: fixtureModel('two_in_two_out'), compiled: result.outputModel, inputDims: '9,3,4;9,3,4' });
    expect(report.compiledNow).toBe(false);
    expect(report.trials[0].inputShapes).toEqual([[9, 3, 4], [9, 3, 4]]);
    expect(report.worst.map((o) => o.shape)).toEqual([[9, 3, 4], [9, 3, 4]]);
    expect(report.passed).toBe(true);
  });

  test('a compiled model that does not match its original fails, with the errors', async () => {
    const dir = makeTempDir('verify-mismatch');
    // pointwise compiled, checked against add10: same input shape, different function.
    const result = await compile({
      model: fixtureModel('pointwise'),
      modelName: 'p',
      modelVersion: 'v1',
      inputDims: '2,3,4,5',
      outputLlvm: path.join(dir, 'p.compiled.ll'),
      outputModel: path.join(dir, 'p.compiled.pt'),
    });
    const report = await verify({ model: fixtureModel('add10'), compiled: result.outputModel, trials: 1 });
    expect(report.passed).toBe(false);
    expect(report.worst[0].passed).toBe(false);
    expect(report.worst[0].maxAbsError).toBeGreaterThan(1);
  });

  test('invalid options are UsageErrors', async () => {
    await expect(verify({ model: '' })).rejects.toBeInstanceOf(UsageError);
    await expect(verify({ model: fixtureModel('add10'), compiled: 'x.compiled.pt', trials: 0 })).rejects.toThrow(/trials must be at least 1/);
    await expect(verify({ model: fixtureModel('add10'), compiled: 'x.compiled.pt', rtol: -1 })).rejects.toThrow(/rtol must be a non-negative number/);
  });
});

describe('aot-model-compiler verify', () => {
  let original: string;
  let compiledModel: string;

  beforeAll(async () => {
    original = copyFixture('add10', 'verify-cli');
    const result = await runCli(['verify', `--model=${original}`, '--model_name=add10', '--model_version=v1', '--input_dims=2,2,2', '--quiet']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/compiled: .*add10\.compiled\.pt \(compiled now\)/);
    expect(result.stdout).toMatch(/output 1: float32 \[2, 2, 2\] max abs error 0, max rel error 0/);
    expect(result.stdout).toMatch(/PASSED: 3 trials, rtol 0\.0001, atol 0\n$/);
    compiledModel = path.join(path.dirname(original), 'add10.compiled.pt');
    expect(fs.existsSync(compiledModel)).toBe(true);
  });

  test('--compiled --json: the report as JSON, exit 0', async () => {
    const result = await runCli(['verify', `--model=${original}`, `--compiled=${compiledModel}`, '--trials=2', '--seed=4', '--json']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(result.stdout) as VerifyReport;
    expect(report.passed).toBe(true);
    expect(report.trials.map((t) => t.seed)).toEqual([4, 5]);
    expect(report.worst[0]).toMatchObject({ output: 1, shape: [2, 2, 2], dtype: 'float32', passed: true });
  });

  test('a mismatch exits 1 and says FAILED', async () => {
    const other = copyFixture('pointwise', 'verify-cli-bad');
    const compiled = await runCli([`--model=${other}`, '--model_name=p', '--model_version=v1', '--input_dims=2,3,2,2', '--quiet']);
    expect({ code: compiled.code, stderr: compiled.stderr }).toEqual({ code: 0, stderr: '' });
    const result = await runCli(['verify', `--model=${original}`, `--compiled=${other.replace(/\.pt$/, '.compiled.pt')}`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/output 1: .* FAILED/);
    expect(result.stdout).toMatch(/^FAILED: 3 trials/m);
  });

  test('run-time dims that do not fit the compiled shape: exit 2, naming the input', async () => {
    const result = await runCli(['verify', `--model=${original}`, `--compiled=${compiledModel}`, '--input_dims=3,2,2']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: input 1: input dims \[3, 2, 2\] do not match the compiled shape \[2, 2, 2\]/);
  });

  test('a missing --model is a usage error (exit 2)', async () => {
    const result = await runCli(['verify', `--compiled=${compiledModel}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing required option model/);
  });
});
