#!/usr/bin/env node
// npm run prebuild: builds the addon with node-gyp from binding.gyp (prebuildify --napi --strip)
// and writes prebuilds/linux-x64/<name>.node, which `npm pack` ships and node-gyp-build loads.
//
// node-gyp writes to build/, where cmake-js keeps its (incremental) development build, so the
// build runs in a temporary copy of the package: binding.gyp, native/, scripts/gyp-sources.js,
// package.json, and a link to node_modules (node-addon-api). `--keep` keeps the copy.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const keep = process.argv.includes('--keep');

/** node-gyp's CLI: the project's, npm's own (npm sets npm_config_node_gyp), or npm's bundled copy. */
function findNodeGyp() {
  const candidates = [];
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] }));
  } catch {
    // not a dependency of the project: use npm's
  }
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  candidates.push(path.join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`node-gyp not found (looked at ${candidates.join(', ')})`);
  return found;
}

function copyPackage(dir) {
  for (const file of ['package.json', 'binding.gyp']) fs.copyFileSync(path.join(root, file), path.join(dir, file));
  fs.cpSync(path.join(root, 'native'), path.join(dir, 'native'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'scripts'));
  fs.copyFileSync(path.join(root, 'scripts', 'gyp-sources.js'), path.join(dir, 'scripts', 'gyp-sources.js'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aotc-prebuild-'));
  try {
    copyPackage(dir);
    const env = { ...process.env, JOBS: process.env.JOBS || 'max' };
    // Build against the system's Node headers (no download), as cmake-js does (.npmrc nodedir).
    if (!env.npm_config_nodedir && fs.existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
    // A node-gyp wrapper prebuildify can spawn without a shell.
    const wrapper = path.join(dir, 'node-gyp.sh');
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${findNodeGyp()}" "$@"\n`, { mode: 0o755 });
    const prebuildify = require.resolve('prebuildify/bin.js', { paths: [root] });
    const args = [prebuildify, '--napi', '--strip', `--node-gyp=${wrapper}`, `--out=${root}`, dir];
    console.log(`prebuild: node-gyp in ${dir} (about 5 minutes on 2 cores)`);
    const result = spawnSync(process.execPath, args, { cwd: dir, env, stdio: 'inherit' });
    if (result.status !== 0) {
      throw new Error(`prebuildify failed (${result.error ? result.error.message : `exit ${result.status}`})`);
    }
    const out = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`);
    console.log(`prebuild: wrote ${fs.readdirSync(out).map((f) => path.join(out, f)).join(', ')}`);
  } finally {
    if (keep) console.log(`prebuild: kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(`error: ${error.message}`);
  process.exit(1);
}
