// Turning the dynamic loader's "cannot open shared object file" into the Debian package to install.

/** A shared library the addon needs at run time, and the Debian package that provides it. */
export interface RuntimeLibrary {
  /** File name prefix, matched against the loader's message: 'libtorch_cpu.so'. */
  prefix: string;
  debianPackage: string;
  what: string;
}

/** The addon's direct and indirect run-time libraries from Debian bookworm. */
export const RUNTIME_LIBRARIES: readonly RuntimeLibrary[] = [
  { prefix: 'libtorch_cpu.so', debianPackage: 'libtorch1.13', what: 'libtorch 1.13 (PyTorch C++ runtime)' },
  { prefix: 'libtorch.so', debianPackage: 'libtorch1.13', what: 'libtorch 1.13 (PyTorch C++ runtime)' },
  { prefix: 'libc10.so', debianPackage: 'libtorch1.13', what: 'libtorch 1.13 (PyTorch C++ runtime)' },
  { prefix: 'libLLVM.so.19', debianPackage: 'libllvm19', what: 'the LLVM 19 runtime library' },
  { prefix: 'libLLVM-19.so', debianPackage: 'libllvm19', what: 'the LLVM 19 runtime library' },
  { prefix: 'libsleef.so', debianPackage: 'libsleef3', what: 'SLEEF vector math (used by libtorch and compiled kernels)' },
  { prefix: 'libdnnl.so', debianPackage: 'libdnnl2', what: 'oneDNN (the convolutions of compiled kernels; used by libtorch too)' },
];

/** The exact command that installs `debianPackage`. */
export function aptCommand(debianPackage: string): string {
  return `sudo apt-get install ${debianPackage}`;
}

/** The library file named by a dlopen error ("libX.so.N: cannot open shared object file"), if any. */
export function missingLibraryName(message: string): string | undefined {
  const match = /([\w.+-]+\.so[\w.]*): cannot open shared object file/.exec(message);
  return match ? match[1] : undefined;
}

/** The known library `file` belongs to, if any. */
export function runtimeLibraryFor(file: string): RuntimeLibrary | undefined {
  return RUNTIME_LIBRARIES.find((lib) => file.startsWith(lib.prefix));
}

/**
 * The message for an addon that failed to load: for a missing library, which one and the apt
 * command that installs it; otherwise the loader's own message, with what was being loaded.
 */
export function describeLoadFailure(message: string): string {
  const file = missingLibraryName(message);
  if (file === undefined) {
    return `cannot load the aot-model-compiler native addon: ${message}`;
  }
  const lib = runtimeLibraryFor(file);
  if (lib === undefined) {
    return (
      `cannot load the aot-model-compiler native addon: the shared library ${file} is missing. ` +
      `Find its Debian package with: apt-file search ${file}`
    );
  }
  return (
    `cannot load the aot-model-compiler native addon: the shared library ${file} (${lib.what}) is missing. ` +
    `Install it with: ${aptCommand(lib.debianPackage)}`
  );
}
