// Every bad compile input is a clear Error from the API and `error: <message>` with a non-zero
// exit from the CLI: never a crash, never an output file. (Rules already covered by
// test/options, test/cli/validation-cli and test/compile/errors are not repeated here.)
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile, inspect, UsageError } from '../../lib';
import type { CompileOptions } from '../../lib';
import { native } from '../../lib/native';
import { runCli } from '../helpers/cli';
import { fixtureModel, listDir, makeTempDir } from '../helpers/paths';
import { PYTHON } from '../helpers/python';
import { cliFlags, expectCliFailure, isError, optionsIn } from './helpers';

/** Writes `bytes` as `name` in a fresh temp dir; returns compile options for it (outputs in that dir). */
function modelFile(label: string, bytes: Buffer | string): { dir: string; options: CompileOptions } {
  const dir = makeTempDir(label);
  const model = path.join(dir, 'model.pt');
  fs.writeFileSync(model, bytes);
  return { dir, options: { ...optionsIn(dir, 'add10', '2,2,2'), model } };
}

/** Compiles through the API and the CLI; both fail with `message` and leave only `model.pt` in `dir`. */
async function expectBothFail(dir: string, options: CompileOptions, message: RegExp, usage = false): Promise<void> {
  const before = listDir(dir);
  const promise = compile(options);
  await expect(promise).rejects.toThrow(message);
  const error = await promise.catch((e: unknown) => e);
  expect(isError(error)).toBe(true);
  expect(error instanceof UsageError).toBe(usage);
  expect(listDir(dir)).toEqual(before);
  expectCliFailure(await runCli(cliFlags(options)), message, usage ? 2 : 1);
  expect(listDir(dir)).toEqual(before);
}

const add10 = fs.readFileSync(fixtureModel('add10'));

describe('bad model files', () => {
  test('an empty file', async () => {
    const { dir, options } = modelFile('empty', '');
    await expectBothFail(dir, options, /model file '.*model\.pt' is empty/);
  });

  test('a zip archive that is not a TorchScript model', async () => {
    const { dir, options } = modelFile('zip', '');
    execFileSync(PYTHON, [
      '-c',
      'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], "w"); z.writestr("archive/data.pkl", b"junk"); z.close()',
      options.model,
    ]);
    await expectBothFail(dir, options, /cannot load TorchScript model .*not a complete TorchScript archive/);
  });

  test.each([
    ['10%', Math.floor(add10.length * 0.1)],
    ['50%', Math.floor(add10.length * 0.5)],
    ['90%', Math.floor(add10.length * 0.9)],
    ['all but the last byte', add10.length - 1],
  ])('a TorchScript file truncated at %s', async (_where, length) => {
    const { dir, options } = modelFile('truncated', add10.subarray(0, length));
    await expectBothFail(dir, options, /cannot load TorchScript model .*not a complete TorchScript archive/);
  });

  test('a model without the named method (CLI)', async () => {
    const dir = makeTempDir('method');
    const options = optionsIn(dir, 'add10', '2,2,2');
    expectCliFailure(await runCli([...cliFlags(options), '--method_name=no_such_method']), /no method 'no_such_method'.*forward/);
    expect(listDir(dir)).toEqual([]);
  });
});

describe('bad input dims', () => {
  test.each([
    ['spaces between sizes', '1 2', /'1 2' is not an integer/],
    ['an empty input between inputs', '2;;2', /input 2: no sizes/],
    ['a trailing comma', '2,2,', /empty size/],
    ['a fraction', '2,1.5', /'1.5' is not an integer/],
    ['hexadecimal', '0x10', /'0x10' is not an integer/],
  ])('%s is a usage error', async (_what, inputDims, message) => {
    const dir = makeTempDir('dims');
    await expectBothFail(dir, optionsIn(dir, 'add10', inputDims), message, true);
  });

  test('a size beyond what the compiler takes (99999999999)', async () => {
    const dir = makeTempDir('overflow');
    await expectBothFail(dir, optionsIn(dir, 'add10', '99999999999'), /too large/, true);
  });

  test('sizes whose example data exceed the machine memory are refused before allocating', async () => {
    const dir = makeTempDir('memory');
    // About the whole machine's memory in float32 elements: refused everywhere, never allocated.
    const rows = Math.ceil(os.totalmem() / 4 / 1024) + 1;
    await expectBothFail(dir, optionsIn(dir, 'add10', `${rows},1024`), /too large: .*more than a quarter of this machine's memory/, true);
    // Sizes that are each small but multiply past 2^64.
    await expectBothFail(dir, optionsIn(dir, 'add10', '65536,65536,65536,65536,65536'), /too large/, true);
    // inspect() applies the same rule.
    await expect(inspect({ model: fixtureModel('add10'), inputDims: `${rows},1024` })).rejects.toThrow(/too large/);
  });

  test('the native side refuses them too, when called directly', async () => {
    const rows = Math.ceil(os.totalmem() / 4 / 1024) + 1;
    const dir = makeTempDir('native-memory');
    const request = {
      modelPath: fixtureModel('add10'),
      methodName: 'forward',
      modelName: 'm',
      modelVersion: 'v1',
      inputs: [{ sizes: [rows, 1024], dtype: 'float' as const, memoryFormat: 'contiguous' as const }],
      dynamicSizes: [],
      outputLlvm: path.join(dir, 'o.ll'),
      outputModel: path.join(dir, 'o.pt'),
    };
    await expect(Promise.resolve().then(() => native().compile(request))).rejects.toThrow(
      /example inputs for these sizes need .*more than a quarter of this machine's memory/,
    );
    expect(listDir(dir)).toEqual([]);
  });

  test.each([
    ['a rank the model cannot take (conv2d given 2-d input)', 'conv_relu', '3,8'],
    ['sizes the model cannot take (linear 512 given 100 features)', 'mlp', '1,100'],
  ])('%s: names the dims and the model error', async (_what, name, inputDims) => {
    const dir = makeTempDir('rank');
    await expectBothFail(
      dir,
      optionsIn(dir, name, inputDims),
      new RegExp(`the model fails on inputs of the given input dims \\(${inputDims}\\): .*(Expected|cannot be multiplied)`),
    );
  });

  test('dynamic dims naming a position that does not exist', async () => {
    const dir = makeTempDir('dynamic');
    await expectBothFail(dir, { ...optionsIn(dir, 'add10', '2,2,2'), dynamicDims: '0:3' }, /names dimension 3, but input 0 has 3/, true);
    await expectBothFail(dir, { ...optionsIn(dir, 'add10', '2,2,2'), dynamicDims: '1:0' }, /names input 1, but there are 1 inputs/, true);
  });

  test('unknown dtype and memory format through the CLI as well', async () => {
    const dir = makeTempDir('types');
    const flags = cliFlags(optionsIn(dir, 'add10', '2,2,2'));
    expectCliFailure(await runCli([...flags, '--input_types=float16']), /unknown input type 'float16'/, 2);
    expectCliFailure(await runCli([...flags, '--input_memory_formats=channels_first']), /unknown memory format 'channels_first'/, 2);
  });
});

describe('bad output paths', () => {
  test('a missing directory (CLI)', async () => {
    const dir = makeTempDir('missing-dir');
    const options = { ...optionsIn(dir, 'add10', '2,2,2'), outputLlvm: path.join(dir, 'no', 'such', 'o.ll') };
    expectCliFailure(await runCli(cliFlags(options)), /cannot write LLVM output .*does not exist/);
    expect(listDir(dir)).toEqual([]);
  });

  test('a regular file used as the output directory', async () => {
    // Tests run as root, where chmod cannot make a directory read-only: a path through a
    // regular file cannot be created by anyone.
    const dir = makeTempDir('file-as-dir');
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    await expectBothFail(
      dir,
      { ...optionsIn(dir, 'add10', '2,2,2'), outputModel: path.join(dir, 'file', 'o.compiled.pt') },
      /cannot write compiled model .*file.* is not a directory/,
    );
  });

  test('a directory nobody can write in (/proc), through the CLI', async () => {
    const dir = makeTempDir('proc');
    const options = { ...optionsIn(dir, 'add10', '2,2,2'), outputLlvm: '/proc/aotc-robustness.ll' };
    expectCliFailure(await runCli(cliFlags(options)), /aotc-robustness\.ll/);
    expect(listDir(dir)).toEqual([]);
    expect(fs.existsSync('/proc/aotc-robustness.ll')).toBe(false);
  });

  test('an output that is the input model leaves the model untouched', async () => {
    const dir = makeTempDir('self');
    const model = path.join(dir, 'model.pt');
    fs.copyFileSync(fixtureModel('add10'), model);
    for (const output of ['outputModel', 'outputLlvm'] as const) {
      await expectBothFail(dir, { ...optionsIn(dir, 'add10', '2,2,2'), model, [output]: model }, /is the model itself/, true);
    }
    // The same file under another name (a relative path) is caught too.
    const relative = path.relative(process.cwd(), model);
    await expect(compile({ ...optionsIn(dir, 'add10', '2,2,2'), model, outputModel: relative })).rejects.toThrow(/model itself/);
    // And a symbolic link to it, which only the compiler's own check (same inode) sees.
    const link = path.join(dir, 'link.compiled.pt');
    fs.symlinkSync(model, link);
    await expect(compile({ ...optionsIn(dir, 'add10', '2,2,2'), model, outputModel: link })).rejects.toThrow(
      /is the input model itself/,
    );
    expect(fs.readFileSync(model).equals(add10)).toBe(true);
    expect(listDir(dir)).toEqual(['link.compiled.pt', 'model.pt']);
  });
});
