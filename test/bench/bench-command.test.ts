// The bench command on a tiny model: it runs and its report has every field and column.
// No timed assertions: only the report's shape and sanity (positive, finite times).
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../helpers/cli';
import { fixtureModel, makeTempDir } from '../helpers/paths';
import { VARIANTS } from '../../lib/bench';
import type { BenchReport } from '../../lib/bench';

describe('bench', () => {
  test('a tiny model at two thread counts: JSON on stdout and in --out, all columns', async () => {
    const dir = makeTempDir('bench');
    const out = path.join(dir, 'report.json');
    const args = ['bench', '--model', fixtureModel('add10'), '--input_dims', '2,2,2', '--flops', '8'];
    const timing = ['--threads', '1,2', '--rounds', '2', '--round-ms', '2', '--warmup-ms', '2'];
    const result = await runCli([...args, ...timing, '--json', '--quiet', '--out', out, '--work-dir', dir]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(result.stdout) as BenchReport;
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual(report);

    expect(report.settings).toEqual({ threads: [1, 2], rounds: 2, roundMs: 2, warmupMs: 2, matmulPrecision: 'highest' });
    expect(Object.keys(report.variants).sort()).toEqual([...VARIANTS].sort());
    expect(report.models).toHaveLength(1);
    const model = report.models[0];
    expect(model.name).toBe('add10');
    expect(model.flops).toBe(8);
    expect(model.compile.compileMs).toBeGreaterThan(0);
    expect(model.compile.peakRssMb).toBeGreaterThan(0);
    expect(model.maxAbsError).toBeLessThan(1e-5);
    expect(model.results.map((r) => r.threads)).toEqual([1, 2]);
    for (const r of model.results) {
      expect(Object.keys(r.variants).sort()).toEqual([...VARIANTS].sort());
      for (const name of ['compiled', 'native', 'torchscript', 'frozen'] as const) {
        const v = r.variants[name];
        expect(v).not.toBeNull();
        if (!v) continue;
        expect(v.runs).toBeGreaterThanOrEqual(2);
        expect(v.minMs).toBeGreaterThan(0);
        expect(v.medianMs).toBeGreaterThanOrEqual(v.minMs);
        expect(Number.isFinite(v.ratio)).toBe(true);
        expect(v.gflops).toBeGreaterThan(0);
      }
      // No ONNX export given: the onnxruntime column is skipped, with a note.
      expect(r.variants.onnxruntime).toBeNull();
      // Measured per run from the addon's own timing of the compiled function: finite.
      expect(Number.isFinite(r.apiOverheadUs)).toBe(true);
      expect(Number.isFinite(r.medianGapUs)).toBe(true);
    }
    expect(model.notes.length).toBeGreaterThan(0);
  });

  test('the table names every column', async () => {
    const dir = makeTempDir('bench-table');
    const timing = ['--threads', '1', '--rounds', '1', '--round-ms', '1', '--warmup-ms', '1'];
    const result = await runCli(['bench', '--model', fixtureModel('add10'), '--input_dims', '2,2,2', ...timing, '--quiet', '--work-dir', dir]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    for (const column of [...VARIANTS, 'GFLOP/s', 'node-us']) expect(result.stdout).toContain(column);
    expect(result.stdout).toMatch(/^add10 +1 /m);
  });

  test('usage errors exit 2', async () => {
    const result = await runCli(['bench', '--models', 'nosuchmodel']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown bench model 'nosuchmodel'");
  });
});
