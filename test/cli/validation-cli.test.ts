// The CLI enforces the original tool's checks: a clear message and exit code 2.
import { runCli } from '../helpers/cli';
import { cliArgs, VALIDATION_CASES } from '../helpers/validation-cases';

describe('CLI option validation', () => {
  test.each(VALIDATION_CASES.map((c) => [c.rule, c] as const))('%s', async (_rule, c) => {
    const result = await runCli(cliArgs(c.cli));
    expect(result.stderr).toMatch(c.message);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });

  test('an unknown flag is a usage error', async () => {
    const result = await runCli([...cliArgs({}), '--no_such_flag=1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown argument: no_such_flag/);
  });

  test('flags are accepted in both spellings', async () => {
    // Valid flags in either spelling get past validation to the missing model file (exit 1).
    for (const args of [
      ['--model=absent.pt', '--model_name=m', '--model_version=v1', '--input_dims=2,2', '--input_types=float'],
      ['--model=absent.pt', '--model-name=m', '--model-version=v1', '--input-dims=2,2', '--input-types=float'],
    ]) {
      const result = await runCli(args);
      expect(result.stderr).toBe('error: model file not found: absent.pt\n');
      expect(result.code).toBe(1);
    }
  });

  test('--help lists the original flags with an example; --version prints the version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--model_name', '--model_version', '--input_dims', '--input_types', '--input_memory_formats', '--dynamic_dims', '--method_name', '--output_llvm', '--output_model']) {
      expect(help.stdout).toContain(flag);
    }
    expect(help.stdout).toMatch(/Examples:/);
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
