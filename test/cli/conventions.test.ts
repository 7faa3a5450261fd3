// CLI conventions: help with examples on each verb, --version, exit codes, --json, progress on stderr.
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../helpers/cli';
import { copyFixture, repoRoot } from '../helpers/paths';
import { progressReporter, wantsProgress } from '../../bin/cli/progress';

const VERBS = ['compile', 'run', 'verify', 'inspect'];

describe('CLI conventions', () => {
  test.each(VERBS)('%s --help: usage with examples, exit 0', async (verb) => {
    const result = await runCli([verb, '--help']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/Examples:\n {2}aot-model-compiler /);
    expect(result.stdout).toContain('--model');
  });

  test('--help lists the verbs; compile is the default command', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const verb of VERBS) expect(result.stdout).toMatch(new RegExp(`aot-model-compiler ${verb} `));
    expect(result.stdout).toMatch(/compile .*\[default\]/);
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    expect(result).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  test('an unknown flag or verb is a usage error: exit 2', async () => {
    for (const args of [['run', '--no-such-flag'], ['frobnicate', '--model=x.pt']]) {
      const result = await runCli(args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(/^error: .*\nRun with --help for usage\.\n$/);
    }
  });

  test('compile --json: the result as JSON on stdout; no progress when stderr is not a terminal', async () => {
    const model = copyFixture('add10', 'json');
    const result = await runCli([`--model=${model}`, '--model_name=add10', '--model_version=v1', '--input_dims=2,2,2', '--json']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const parsed = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      outputModel: model.replace(/\.pt$/, '.compiled.pt'),
      outputLlvm: model.replace(/\.pt$/, '.compiled.ll'),
      outputDeclaration: model.replace(/\.pt$/, '.compiled.d.ts'),
      kernelFuncName: 'nnc_add10_v1_forward',
      kernelId: 'add10:v1:forward:VERTOKEN',
      inputSpecs: [{ sizes: [2, 2, 2], dtype: 'float32', memoryFormat: 'contiguous' }],
    });
  });

  test('--verbose prints phase lines on stderr; --quiet silences them', async () => {
    const model = copyFixture('add10', 'progress');
    const flags = [`--model=${model}`, '--model_name=add10', '--model_version=v1', '--input_dims=2,2,2'];
    const verbose = await runCli([...flags, '--verbose']);
    expect(verbose.code).toBe(0);
    expect(verbose.stderr.split('\n').filter(Boolean).map((l) => l.replace(/^\[ *[\d.]+s\] /, ''))).toEqual([
      'load',
      'freeze',
      'passes',
      'lower',
      'codegen',
      'write',
    ]);
    expect(verbose.stdout).toMatch(/^The compiled model was saved to /);
    const quiet = await runCli([...flags, '--verbose', '--quiet']);
    expect({ code: quiet.code, stderr: quiet.stderr }).toEqual({ code: 0, stderr: '' });
  });

  test('progress is shown on a terminal unless --quiet', () => {
    expect(wantsProgress({}, true)).toBe(true);
    expect(wantsProgress({}, false)).toBe(false);
    expect(wantsProgress({ quiet: true }, true)).toBe(false);
    const lines: string[] = [];
    progressReporter({}, (line) => lines.push(line), true)?.('codegen', 1234);
    expect(lines).toEqual(['[  1.2s] codegen\n']);
  });
});
