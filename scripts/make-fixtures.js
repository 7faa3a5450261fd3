#!/usr/bin/env node
// Builds the TorchScript fixture models (test/fixtures/models/) or, with --example, the bundled
// example (examples/add10.pt), with Debian's python3 (the one python3-torch installs into).
// Extra arguments (--force, --models a,b) are passed to test/fixtures/make_models.py.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const python = process.env.AOTC_PYTHON || '/usr/bin/python3';
const args = process.argv.slice(2);
const example = args.includes('--example');
const rest = args.filter((a) => a !== '--example');
const target = example
  ? ['--out-dir', path.join(root, 'examples'), '--models', 'add10', '--no-stamp']
  : ['--out-dir', path.join(root, 'test', 'fixtures', 'models')];

if (!fs.existsSync(python)) {
  console.error(`error: ${python} not found; install python3-torch (npm run setup) or set AOTC_PYTHON`);
  process.exit(1);
}
const result = spawnSync(python, [path.join(root, 'test', 'fixtures', 'make_models.py'), ...target, ...rest], {
  stdio: 'inherit',
  env: { ...process.env, PYTHONNOUSERSITE: '1' },
});
if (result.error) {
  console.error(`error: cannot run ${python}: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status === null ? 1 : result.status);
