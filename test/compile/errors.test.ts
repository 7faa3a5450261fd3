// Failures give a clear Error (exit 1 through the CLI) and leave no output files behind.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { compile, UsageError } from '../../lib';
import type { CompileOptions } from '../../lib';
import { runCli } from '../helpers/cli';
import { fixtureModel, listDir, makeTempDir } from '../helpers/paths';

function optionsIn(dir: string, model: string): CompileOptions {
  return {
    model,
    modelName: 'm',
    modelVersion: 'v1',
    inputDims: '2,2,2',
    outputLlvm: path.join(dir, 'out.compiled.ll'),
    outputModel: path.join(dir, 'out.compiled.pt'),
  };
}

/** Expects compile() to reject with `message` and `dir` to hold exactly `files` afterwards. */
async function expectFailure(options: CompileOptions, message: RegExp, dir: string, files: string[]): Promise<void> {
  const promise = compile(options);
  await expect(promise).rejects.toThrow(message);
  await expect(promise).rejects.not.toBeInstanceOf(UsageError);
  expect(listDir(dir)).toEqual(files);
}

describe('compile errors', () => {
  test('a missing model file', async () => {
    const dir = makeTempDir('missing');
    await expectFailure(optionsIn(dir, path.join(dir, 'absent.pt')), /model file not found: .*absent\.pt/, dir, []);
  });

  test('a corrupt model file (random bytes)', async () => {
    const dir = makeTempDir('corrupt');
    const model = path.join(dir, 'corrupt.pt');
    fs.writeFileSync(model, crypto.randomBytes(4096));
    await expectFailure(optionsIn(dir, model), /corrupt\.pt.*(zip|archive)|(zip|archive).*corrupt\.pt/i, dir, [
      'corrupt.pt',
    ]);
  });

  test('a truncated model file (half a zip)', async () => {
    const dir = makeTempDir('truncated');
    const model = path.join(dir, 'truncated.pt');
    const bytes = fs.readFileSync(fixtureModel('add10'));
    fs.writeFileSync(model, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectFailure(optionsIn(dir, model), /truncated\.pt.*(zip|archive)|(zip|archive).*truncated\.pt/i, dir, [
      'truncated.pt',
    ]);
  });

  test('an unknown method name', async () => {
    const dir = makeTempDir('method');
    await expectFailure(
      { ...optionsIn(dir, fixtureModel('add10')), methodName: 'no_such_method' },
      /no_such_method/,
      dir,
      [],
    );
  });

  test('a list changed in place other than by append is refused, naming the op', async () => {
    const dir = makeTempDir('list-insert');
    await expectFailure(
      { ...optionsIn(dir, fixtureModel('list_insert')), inputDims: '2,3' },
      /unsupported list mutation: aten::insert at .*make_models\.py:\d+/,
      dir,
      [],
    );
  });

  test('more input dims than the method has inputs', async () => {
    const dir = makeTempDir('arity');
    await expectFailure({ ...optionsIn(dir, fixtureModel('add10')), inputDims: '2,2;3' }, /1 input.*2 input dims/, dir, []);
  });

  test('an output directory that does not exist', async () => {
    const dir = makeTempDir('nodir');
    await expectFailure(
      { ...optionsIn(dir, fixtureModel('add10')), outputModel: path.join(dir, 'missing', 'out.compiled.pt') },
      /cannot write compiled model .*missing.*does not exist/,
      dir,
      [],
    );
  });

  test('an output that cannot be written leaves neither output behind', async () => {
    // Root may write anywhere on disk, but nobody can create files in /proc.
    const dir = makeTempDir('unwritable');
    await expectFailure(
      { ...optionsIn(dir, fixtureModel('add10')), outputModel: '/proc/aotc-test.compiled.pt' },
      /aotc-test\.compiled\.pt/,
      dir,
      [],
    );
    expect(fs.existsSync('/proc/aotc-test.compiled.pt')).toBe(false);
  });

  test('through the CLI a compile failure exits 1 with `error: <message>`', async () => {
    const dir = makeTempDir('cli-corrupt');
    const model = path.join(dir, 'corrupt.pt');
    fs.writeFileSync(model, crypto.randomBytes(1024));
    const result = await runCli([`--model=${model}`, '--model_name=m', '--model_version=v1', '--input_dims=2,2,2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: \S/);
    expect(result.stdout).toBe('');
    expect(listDir(dir)).toEqual(['corrupt.pt']);
  });
});
