// Building the bench's fixed model set when it is missing (test/fixtures/make_bench_models.py
// with Debian's python3, or $AOTC_PYTHON).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { BenchModel } from './models';

export function ensureBenchModels(root: string, dir: string, models: readonly BenchModel[]): void {
  const missing = models.filter((m) => !fs.existsSync(m.model) || (m.onnx !== undefined && !fs.existsSync(m.onnx)));
  if (missing.length === 0) return;
  const python = process.env.AOTC_PYTHON || '/usr/bin/python3';
  const script = path.join(root, 'test', 'fixtures', 'make_bench_models.py');
  const names = missing.map((m) => m.name).join(',');
  process.stderr.write(`building bench models ${names} with ${python}\n`);
  const result = spawnSync(python, [script, '--out-dir', dir, '--models', names], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PYTHONNOUSERSITE: '1' },
  });
  if (result.error || result.status !== 0) {
    throw new Error(`cannot build the bench models with ${python} ${script}: ${result.error?.message ?? `exit code ${result.status}`}`);
  }
}
