// The inspect verb and inspect(): the ops after the passes, each native / project / unsupported.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { inspect } from '../../lib';
import type { InspectResult } from '../../lib';
import { runCli } from '../helpers/cli';
import { fixtureModel, fixturesDir, repoRoot } from '../helpers/paths';
import { PYTHON } from '../helpers/python';

// The LSTM fixture (an op nothing lowers) comes from the real-model fixture script.
beforeAll(() => {
  if (fs.existsSync(fixtureModel('lstm'))) return;
  const script = path.join(repoRoot, 'test', 'fixtures', 'make_real_models.py');
  const result = spawnSync(PYTHON, [script, '--out-dir', fixturesDir, '--models', 'lstm'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cannot build the lstm fixture: ${result.stderr}`);
});

describe('inspect()', () => {
  test('a model NNC handles: every op supported, with counts and schemas', async () => {
    const result = await inspect({ model: fixtureModel('conv_relu'), inputDims: '1,3,8,8' });
    expect(result.supported).toBe(true);
    expect(result.unsupported).toEqual([]);
    // The ops after the passes: conv2d + relu are one fused convolution of this package.
    const kinds = result.ops.map((op) => op.kind);
    expect(kinds).toEqual(['aotc::conv2d']);
    expect(result.ops[0].status).toBe('project');
    expect(result.ops[0].sourceLine).toMatch(/conv\.py:\d+:\d+$/);  // nn.Conv2d.forward
    for (const op of result.ops) {
      expect(op.count).toBeGreaterThan(0);
      expect(['native', 'project']).toContain(op.status);
    }
    expect(result.graph).toMatch(/aotc::conv2d/);
  });

  test('a product with a transposed operand reads it through strides: no transpose copy', async () => {
    // batched_matmul: a @ a.transpose(-1, -2) and c.transpose(0, 1) @ c, float32 operands of
    // one rank: both read their transposed operand through strides.
    const result = await inspect({ model: fixtureModel('batched_matmul'), inputDims: '2,3,8,16;1,3,16,12;16,12' });
    const ops = new Map(result.ops.map((op) => [op.kind, op]));
    expect(ops.get('aotc::matmul_t')?.count).toBe(2);
    expect(ops.get('aotc::matmul_t')?.sourceLine).toMatch(/make_models\.py:\d+:\d+$/);
    expect(ops.has('aten::transpose')).toBe(false);
    expect(ops.get('aten::matmul')?.count).toBe(2);
  });

  test('an LSTM: the op nothing lowers is listed as unsupported', async () => {
    const result = await inspect({ model: fixtureModel('lstm'), inputDims: '1,4,8' });
    expect(result.supported).toBe(false);
    expect(result.unsupported.map((op) => op.kind)).toContain('aten::lstm');
  });
});

describe('aot-model-compiler inspect', () => {
  test('prints a table of ops, counts and status; exit 0 when all are supported', async () => {
    const result = await runCli(['inspect', `--model=${fixtureModel('conv_relu')}`, '--input_dims=1,3,8,8']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^op +count +status/);
    expect(result.stdout).toMatch(/aotc::conv2d +1 +project/);
  });

  test('exit 1 when an op is unsupported; --json gives the ops', async () => {
    const result = await runCli(['inspect', `--model=${fixtureModel('lstm')}`, '--input_dims=1,4,8', '--json']);
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout) as InspectResult;
    expect(parsed.supported).toBe(false);
    expect(parsed.unsupported.map((op) => op.kind)).toContain('aten::lstm');
  });

  test('missing input dims is a usage error (exit 2)', async () => {
    const result = await runCli(['inspect', `--model=${fixtureModel('conv_relu')}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing required option inputDims \(--input_dims\)/);
  });
});
