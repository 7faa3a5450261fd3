// Paths the tests share: the repository, the built CLI, the addon, fixture models, temp dirs.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const cliPath = path.join(repoRoot, 'dist', 'bin', 'aot-model-compiler.js');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'models');
export const addonPath = path.join(repoRoot, 'build', 'Release', 'aot_model_compiler.node');

/** The TorchScript fixture model `name` (built by test/fixtures/make_models.py). */
export function fixtureModel(name: string): string {
  return path.join(fixturesDir, `${name}.pt`);
}

const tempDirs: string[] = [];

/** A fresh empty directory under the system temp dir, removed after the test file. */
export function makeTempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `aotc-${label}-`));
  tempDirs.push(dir);
  return dir;
}

/** Removes the temp dirs made so far (kept when AOTC_KEEP_TEMP is set, for debugging). */
export function removeTempDirs(): void {
  if (process.env.AOTC_KEEP_TEMP) return;
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Copies fixture `name` into a fresh temp dir (so outputs land there); returns the copy's path. */
export function copyFixture(name: string, label = name): string {
  const dir = makeTempDir(label);
  const target = path.join(dir, `${name}.pt`);
  fs.copyFileSync(fixtureModel(name), target);
  return target;
}

/** Sorted names of the files in `dir`. */
export function listDir(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}
