// OpenBLAS's kernels: chosen for the CPU before the addon loads (OpenBLAS 0.3.21 falls back to
// its SSE3 "Prescott" kernels on CPUs it does not know), never over the user's own choice.
import * as fs from 'fs';
import { chooseOpenBlasKernels, cpuFlags, openBlasCoreTypeFor } from '../../lib/addon/blas-kernels';
import { runNode } from '../helpers/cli';
import { repoRoot } from '../helpers/paths';

describe('OpenBLAS kernel choice', () => {
  test('the kernel family follows the CPU flags', () => {
    expect(openBlasCoreTypeFor(new Set(['avx2', 'fma', 'avx512f', 'avx512bw', 'avx512dq', 'avx512vl']))).toBe('SkylakeX');
    expect(openBlasCoreTypeFor(new Set(['avx2', 'fma', 'avx512f']))).toBe('Haswell');  // no AVX-512BW/DQ/VL
    expect(openBlasCoreTypeFor(new Set(['sse4_2', 'avx']))).toBeUndefined();
    expect(cpuFlags('processor\t: 0\nflags\t\t: fpu avx2 fma\nbugs\t: x\n')).toEqual(new Set(['fpu', 'avx2', 'fma']));
  });

  test('a value the user set, even empty, is left alone', () => {
    for (const value of ['Haswell', '']) {
      const env: NodeJS.ProcessEnv = { OPENBLAS_CORETYPE: value };
      expect(chooseOpenBlasKernels(env, () => 'flags : avx2 fma avx512f avx512bw avx512dq avx512vl')).toBeUndefined();
      expect(env.OPENBLAS_CORETYPE).toBe(value);
    }
    const env: NodeJS.ProcessEnv = {};
    if (process.platform === 'linux' && process.arch === 'x64') {
      expect(chooseOpenBlasKernels(env, () => 'flags : avx2 fma')).toBe('Haswell');
      expect(env.OPENBLAS_CORETYPE).toBe('Haswell');
    }
  });

  const flags = fs.existsSync('/proc/cpuinfo') ? cpuFlags(fs.readFileSync('/proc/cpuinfo', 'utf8')) : new Set<string>();
  const expected = openBlasCoreTypeFor(flags);
  (expected ? test : test.skip)(`a process that loads the package runs OpenBLAS's ${expected} kernels`, async () => {
    const script = `
      delete process.env.OPENBLAS_CORETYPE;
      const { native } = require(${JSON.stringify(`${repoRoot}/dist/lib/native.js`)});
      process.stdout.write(String(native().blasCoreName()));
    `;
    const child = await runNode(['-e', script]);
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe(expected);
  });
});
