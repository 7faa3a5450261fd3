// The real-model fixtures (torchvision classifiers and torch.nn models), built on demand by
// test/fixtures/make_real_models.py with Debian's python3 (which has torch and torchvision).
import { spawnSync } from 'child_process';
import * as path from 'path';
import { fixtureModel, repoRoot } from './paths';

/** Builds the real-model fixtures that are missing (the script keeps the others). */
export function ensureRealFixtures(): void {
  const python = process.env.AOTC_PYTHON || '/usr/bin/python3';
  const script = path.join(repoRoot, 'test', 'fixtures', 'make_real_models.py');
  const result = spawnSync(python, [script, '--out-dir', path.dirname(fixtureModel('x'))], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, PYTHONNOUSERSITE: '1' },
  });
  if (result.status !== 0) {
    throw new Error(`${python} ${script} failed: ${result.error?.message ?? result.stderr}`);
  }
}
