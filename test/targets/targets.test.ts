// Compiling for other targets: the .ll carries the target's triple and data layout, the object
// is for that target, unknown targets/CPUs are refused up front, and a model compiled for a
// machine this one is not is refused at load with a clear message (never run into an illegal
// instruction).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compile, load, randomInputs } from '../../lib';
import type { CompileOptions } from '../../lib';
import { compareWithOriginal } from '../helpers/oracle';
import { fixtureModel, listDir, makeTempDir } from '../helpers/paths';

function options(dir: string, extra: Partial<CompileOptions>): CompileOptions {
  return {
    model: fixtureModel('conv_relu'),
    modelName: 'conv_relu',
    modelVersion: 'v1',
    inputDims: '1,3,8,8',
    outputLlvm: path.join(dir, 'm.compiled.ll'),
    outputModel: path.join(dir, 'm.compiled.pt'),
    ...extra,
  };
}

function tool(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  return result.stdout;
}

describe('compiling for a target', () => {
  test.each(['aarch64-linux-android', 'aarch64-linux-gnu'])('%s: an aarch64 .ll and object', async (target) => {
    const dir = makeTempDir('target');
    const result = await compile(options(dir, { target }));
    expect(result.target).toMatch(/^aarch64-/);
    const ll = fs.readFileSync(result.outputLlvm, 'utf8');
    expect(ll).toMatch(/target triple = "aarch64-/);
    expect(ll).toMatch(/target datalayout = "e-m:e-/);
    tool('llc-19', [`-mtriple=${target}`, result.outputLlvm, '-o', '/dev/null']);
    expect(tool('llvm-objdump-19', ['-f', result.outputObject])).toMatch(/architecture: aarch64/);
    expect(tool('file', [result.outputObject])).toMatch(/ARM aarch64/);
    // This machine is x86-64: loading must refuse, naming the target.
    await expect(load(result.outputModel)).rejects.toThrow(/compiled for aarch64-.* cannot run on this machine/);
  });

  test('the host by default: x86-64 object, model runs here', async () => {
    const dir = makeTempDir('target-host');
    const result = await compile(options(dir, {}));
    expect(result.outputObject).toBe(path.join(dir, 'm.compiled.o'));
    expect(tool('llvm-objdump-19', ['-f', result.outputObject])).toMatch(/architecture: x86_64/);
    const model = await load(result.outputModel);
    try {
      const inputs = randomInputs(model.inputSpecs, 3);
      const report = await compareWithOriginal(fixtureModel('conv_relu'), inputs, await model.run(inputs));
      expect({ report: report.description, ok: report.maxRelError <= 1e-4 }).toEqual({ report: report.description, ok: true });
    } finally {
      model.dispose();
    }
  });

  test('an unknown target is refused before any work, listing the known architectures', async () => {
    const dir = makeTempDir('target-unknown');
    await expect(compile(options(dir, { target: 'sparc128-unknown-nowhere' }))).rejects.toThrow(
      /unknown target 'sparc128-unknown-nowhere'.*architectures LLVM was built with: .*aarch64/s,
    );
    expect(listDir(dir)).toEqual([]);
  });

  test('an unknown CPU is refused, listing the valid ones', async () => {
    const dir = makeTempDir('cpu-unknown');
    await expect(compile(options(dir, { cpu: 'pentium9000' }))).rejects.toThrow(
      /unknown CPU 'pentium9000'.*valid CPUs: .*skylake/s,
    );
    expect(listDir(dir)).toEqual([]);
  });

  test('a model compiled for a CPU feature this host lacks is refused at load', async () => {
    // An AMD-only feature (sse4a) on Intel hosts, Intel-only ones (amx) on AMD hosts.
    const intel = fs.readFileSync('/proc/cpuinfo', 'utf8').includes('GenuineIntel');
    const cpu = intel ? 'znver4' : 'sapphirerapids';
    const dir = makeTempDir('cpu-features');
    const result = await compile(options(dir, { cpu }));
    expect(result.cpu).toBe(cpu);
    await expect(load(result.outputModel)).rejects.toThrow(/uses CPU features this machine .* lacks: .*(sse4a|amx)/);
  });
});
