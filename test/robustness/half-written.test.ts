// A failed compile leaves what was there before byte-for-byte, and no temporary files —
// whether it fails early (bad model), in the middle (the model does not run on the dims) or
// late (an op nothing lowers, after loading, freezing and the graph passes).
import * as fs from 'fs';
import * as path from 'path';
import { compile } from '../../lib';
import type { CompileOptions } from '../../lib';
import { fixtureModel, makeTempDir } from '../helpers/paths';
import { optionsIn, snapshotDir, temporaryFiles } from './helpers';

/** A dir holding the outputs of an earlier successful compile of add10, and its snapshot. */
async function dirWithOutputs(label: string): Promise<{ dir: string; before: Map<string, Buffer> }> {
  const dir = makeTempDir(label);
  await compile(optionsIn(dir, 'add10', '2,2,2'));
  const before = snapshotDir(dir);
  expect([...before.keys()]).toEqual(['out.compiled.d.ts', 'out.compiled.ll', 'out.compiled.o', 'out.compiled.pt']);
  return { dir, before };
}

async function expectUntouched(dir: string, before: Map<string, Buffer>, options: CompileOptions, message: RegExp): Promise<void> {
  await expect(compile(options)).rejects.toThrow(message);
  expect(temporaryFiles(dir)).toEqual([]);
  const after = snapshotDir(dir);
  expect([...after.keys()]).toEqual([...before.keys()]);
  for (const [name, bytes] of before) expect({ name, same: after.get(name)?.equals(bytes) }).toEqual({ name, same: true });
}

describe('a failed compile over existing outputs', () => {
  test('fails late on an op nothing lowers (lstm): outputs untouched, no temp files', async () => {
    const { dir, before } = await dirWithOutputs('late');
    await expectUntouched(dir, before, { ...optionsIn(dir, 'lstm', '1,4,8') }, /aten::lstm/);
  });

  test('fails in the passes (dims the model cannot take): outputs untouched', async () => {
    const { dir, before } = await dirWithOutputs('middle');
    await expectUntouched(dir, before, { ...optionsIn(dir, 'conv_relu', '3,8') }, /the model fails on inputs/);
  });

  test('fails early (not a TorchScript file): outputs untouched', async () => {
    const { dir, before } = await dirWithOutputs('early');
    const bad = path.join(makeTempDir('early-model'), 'bad.pt');
    fs.writeFileSync(bad, 'not a model');
    await expectUntouched(dir, before, { ...optionsIn(dir, 'add10', '2,2,2'), model: bad }, /cannot load TorchScript model/);
  });

  test('fails writing one output (in /proc): the others are untouched', async () => {
    const { dir, before } = await dirWithOutputs('unwritable');
    await expectUntouched(dir, before, { ...optionsIn(dir, 'add10', '2,2,2'), outputObject: '/proc/aotc-half.o' }, /aotc-half\.o/);
  });

  test('a successful compile replaces the outputs and leaves no temp files', async () => {
    const { dir, before } = await dirWithOutputs('replace');
    await compile(optionsIn(dir, 'matmul_bias', '4,6'));
    expect(temporaryFiles(dir)).toEqual([]);
    expect(snapshotDir(dir).get('out.compiled.pt')?.equals(before.get('out.compiled.pt') ?? Buffer.alloc(0))).toBe(false);
    expect(fs.existsSync(fixtureModel('matmul_bias'))).toBe(true);
  });
});
