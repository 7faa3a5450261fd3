// The packed package installs without a compiler (through its prebuilt binary) and works.
// Run by `npm run test:package`, after `npm run prebuild` built prebuilds/ with node-gyp
// from binding.gyp: so this also proves the node-gyp build compiles and runs models.
import { spawnSync } from 'child_process';
import type { SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fixtureModel, makeTempDir, repoRoot } from '../helpers/paths';

const PREBUILD = path.join(repoRoot, 'prebuilds', `${process.platform}-${process.arch}`, 'aot-model-compiler.node');
const NPM_CLI = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');

/** A PATH holding only sh, node and npm: no cc, c++, make, python or node-gyp. */
function compilerFreePath(): string {
  const bin = makeTempDir('no-compiler-bin');
  fs.symlinkSync('/bin/sh', path.join(bin, 'sh'));
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  fs.writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\nexec "${process.execPath}" "${NPM_CLI}" "$@"\n`, { mode: 0o755 });
  return bin;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 600000 });
}

function cleanEnv(binDir: string): NodeJS.ProcessEnv {
  return { PATH: binDir, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR };
}

describe('npm pack + npm install, without a compiler', () => {
  test('the tarball carries the prebuild; installed, it loads it and compiles and runs a model', () => {
    expect({ prebuild: PREBUILD, exists: fs.existsSync(PREBUILD) }).toEqual({ prebuild: PREBUILD, exists: true });
    const packDir = makeTempDir('pack');
    const pack = run(process.execPath, [NPM_CLI, 'pack', '--json', '--pack-destination', packDir], repoRoot, process.env);
    expect({ code: pack.status, stderr: pack.status === 0 ? '' : pack.stderr }).toEqual({ code: 0, stderr: '' });
    const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = info.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        `prebuilds/${process.platform}-${process.arch}/aot-model-compiler.node`,
        'binding.gyp',
        'CMakeLists.txt',
        'native/sources.txt',
        'scripts/gyp-sources.js',
        'dist/lib/index.js',
        'dist/lib/index.d.ts',
        'dist/bin/aot-model-compiler.js',
      ]),
    );
    expect(files.filter((f) => f.startsWith('build/') || f.startsWith('test/'))).toEqual([]);

    const bin = compilerFreePath();
    const env = cleanEnv(bin);
    for (const tool of ['cc', 'c++', 'g++', 'make']) {
      expect({ tool, found: run('/bin/sh', ['-c', `command -v ${tool}`], bin, env).status === 0 }).toEqual({ tool, found: false });
    }
    const app = makeTempDir('consumer');
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    const install = run(
      path.join(bin, 'npm'),
      ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(packDir, info.filename)],
      app,
      env,
    );
    expect({ code: install.status, output: install.status === 0 ? '' : `${install.stdout}\n${install.stderr}` }).toEqual({
      code: 0,
      output: '',
    });
    const installed = path.join(app, 'node_modules', 'aot-model-compiler');
    expect(fs.existsSync(path.join(installed, 'build'))).toBe(false);

    fs.copyFileSync(fixtureModel('conv_relu'), path.join(app, 'conv_relu.pt'));
    fs.writeFileSync(
      path.join(app, 'main.js'),
      `
const path = require('path');
const aotc = require('aot-model-compiler');
(async () => {
  const addonPath = require('node-gyp-build').path(path.dirname(require.resolve('aot-model-compiler/package.json')));
  const result = await aotc.compile({ model: 'conv_relu.pt', modelName: 'conv', modelVersion: 'v1', inputDims: '1,3,8,8' });
  const model = await aotc.load(result.outputModel);
  const original = await aotc.loadTorchScript('conv_relu.pt');
  const inputs = aotc.randomInputs(model.inputSpecs, 7);
  const actual = await model.run(inputs);
  const expected = await original.run(inputs);
  const cmp = aotc.compareTensors(expected[0], actual[0]);
  model.dispose();
  original.dispose();
  console.log(JSON.stringify({ addonPath, maxRelError: cmp.maxRelError, shape: actual[0].shape }));
})().catch((e) => { console.error(e); process.exit(1); });
`,
    );
    const main = run(path.join(bin, 'node'), ['main.js'], app, env);
    expect({ code: main.status, stderr: main.stderr }).toEqual({ code: 0, stderr: '' });
    const out = JSON.parse(main.stdout) as { addonPath: string; maxRelError: number; shape: number[] };
    expect(out.addonPath).toBe(path.join(installed, 'prebuilds', `${process.platform}-${process.arch}`, 'aot-model-compiler.node'));
    expect(out.shape).toEqual([1, 4, 8, 8]);
    expect(out.maxRelError).toBeLessThanOrEqual(1e-4);

    const cli = run(path.join(bin, 'node'), [path.join(app, 'node_modules', '.bin', 'aot-model-compiler'), 'verify', '--model', 'conv_relu.pt', '--compiled', 'conv_relu.compiled.pt', '--json'], app, env);
    expect({ code: cli.status, stderr: cli.stderr }).toEqual({ code: 0, stderr: '' });
    expect((JSON.parse(cli.stdout) as { passed: boolean }).passed).toBe(true);
  });
});
