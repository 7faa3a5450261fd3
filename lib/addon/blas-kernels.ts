// OpenBLAS, libtorch's BLAS on Debian, picks its kernels once, when it loads, for the CPU it
// detects; 0.3.21 (Debian 12) does not know recent Intel CPUs (Sapphire Rapids, in this
// project's CI) and falls back to its Prescott (SSE3) kernels: a transformer encoder layer
// ran 3x slower in frozen TorchScript (7.8 vs 2.4 ms), and the compiled model's own matrix
// products with it. So, unless OPENBLAS_CORETYPE is set already, name the kernel family the
// CPU supports before the addon (and OpenBLAS with it) loads.
import * as fs from 'fs';

/** The OpenBLAS kernel family for a CPU with these /proc/cpuinfo flags, if one fits. */
export function openBlasCoreTypeFor(flags: ReadonlySet<string>): string | undefined {
  if (['avx512f', 'avx512bw', 'avx512dq', 'avx512vl'].every((f) => flags.has(f))) return 'SkylakeX';
  if (['avx2', 'fma'].every((f) => flags.has(f))) return 'Haswell';
  return undefined;
}

/** The flags of the first CPU in /proc/cpuinfo's text. */
export function cpuFlags(cpuinfo: string): Set<string> {
  const line = cpuinfo.split('\n').find((l) => /^flags\s*:/.test(l));
  return new Set(line ? line.replace(/^flags\s*:/, '').trim().split(/\s+/) : []);
}

/**
 * Sets process.env.OPENBLAS_CORETYPE for x86-64 Linux when unset (any value you set, even
 * empty, is left alone). Returns what it set, or undefined.
 */
export function chooseOpenBlasKernels(
  env: NodeJS.ProcessEnv = process.env,
  readCpuinfo: () => string = () => fs.readFileSync('/proc/cpuinfo', 'utf8'),
): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64' || env.OPENBLAS_CORETYPE !== undefined) {
    return undefined;
  }
  let flags: Set<string>;
  try {
    flags = cpuFlags(readCpuinfo());
  } catch {
    return undefined;  // no /proc: leave OpenBLAS to its own detection
  }
  const coreType = openBlasCoreTypeFor(flags);
  if (coreType) env.OPENBLAS_CORETYPE = coreType;
  return coreType;
}
