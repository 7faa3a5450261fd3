// Making sure what the tests use exists: the built CLI and the fixture models.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURE_MODELS } from './models';
import { cliPath, fixtureModel, repoRoot } from './paths';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
  }
}

/** Rebuilds dist/ with tsc when lib/ or bin/ changed since the last build. */
export function ensureBuiltCli(): void {
  const sources = Math.max(newestMtime(path.join(repoRoot, 'lib')), newestMtime(path.join(repoRoot, 'bin')));
  const dist = path.join(repoRoot, 'dist');
  if (fs.existsSync(cliPath) && newestMtime(dist) >= sources) return;
  run(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
  fs.chmodSync(cliPath, 0o755);
}

/** Builds the fixture models that are missing or stale (make_models.py keeps the others). */
export function ensureFixtures(): void {
  run(process.execPath, [path.join(repoRoot, 'scripts', 'make-fixtures.js')]);
  const missing = FIXTURE_MODELS.filter((m) => !fs.existsSync(fixtureModel(m.name)));
  if (missing.length > 0) throw new Error(`fixture models not built: ${missing.map((m) => m.name).join(', ')}`);
}
