// Through the CLI, default outputs are the model path with only its extension replaced; the
// TypeScript declaration goes beside the compiled model.
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../helpers/cli';
import { fixtureModel, listDir, makeTempDir } from '../helpers/paths';

const FLAGS = ['--model_name=add10', '--model_version=v1', '--input_dims=2,2,2'];

describe('default output paths through the CLI', () => {
  test('./m.pt -> ./m.compiled.ll and ./m.compiled.pt', async () => {
    const dir = makeTempDir('dot-slash');
    fs.copyFileSync(fixtureModel('add10'), path.join(dir, 'm.pt'));
    const result = await runCli(['--model=./m.pt', ...FLAGS], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('The compiled model was saved to ./m.compiled.pt\n');
    expect(listDir(dir)).toEqual(['m.compiled.d.ts', 'm.compiled.ll', 'm.compiled.o', 'm.compiled.pt', 'm.pt']);
  });

  test('models/net.v2.pt -> models/net.v2.compiled.ll and models/net.v2.compiled.pt', async () => {
    const dir = makeTempDir('dotted');
    fs.mkdirSync(path.join(dir, 'models'));
    fs.copyFileSync(fixtureModel('add10'), path.join(dir, 'models', 'net.v2.pt'));
    const result = await runCli(['--model', 'models/net.v2.pt', ...FLAGS], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('The compiled model was saved to models/net.v2.compiled.pt\n');
    expect(listDir(path.join(dir, 'models'))).toEqual([
      'net.v2.compiled.d.ts',
      'net.v2.compiled.ll',
      'net.v2.compiled.o',
      'net.v2.compiled.pt',
      'net.v2.pt',
    ]);
  });

  test('--output_llvm and --output-model choose the outputs', async () => {
    const dir = makeTempDir('explicit');
    fs.copyFileSync(fixtureModel('add10'), path.join(dir, 'm.pt'));
    const result = await runCli(
      ['--model=m.pt', ...FLAGS, '--output_llvm=kernel.ll', '--output-model=model.ptl'],
      { cwd: dir },
    );
    expect(result.stdout).toBe('The compiled model was saved to model.ptl\n');
    expect(listDir(dir)).toEqual(['kernel.ll', 'kernel.o', 'm.pt', 'model.d.ts', 'model.ptl']);
  });
});
