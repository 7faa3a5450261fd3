// When the addon cannot load, require() says which library is missing and how to install it.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { AddonLoadError, describeLoadFailure, loadAddon } from '../../lib';
import { makeTempDir } from '../helpers/paths';

/** What Node's process.dlopen reports when a dependency of the addon cannot be found. */
function dlopenMessage(library: string): string {
  return `${library}: cannot open shared object file: No such file or directory`;
}

describe('the missing-library message', () => {
  test.each([
    ['libtorch_cpu.so.1.13', 'libtorch1.13'],
    ['libtorch.so.1.13', 'libtorch1.13'],
    ['libc10.so.1.13', 'libtorch1.13'],
    ['libLLVM.so.19.1', 'libllvm19'],
    ['libLLVM-19.so', 'libllvm19'],
    ['libsleef.so.3', 'libsleef3'],
    ['libdnnl.so.2', 'libdnnl2'],
  ])('%s -> apt-get install %s', (library, debianPackage) => {
    const message = describeLoadFailure(dlopenMessage(library));
    expect(message).toContain(`the shared library ${library}`);
    expect(message).toContain(`Install it with: sudo apt-get install ${debianPackage}`);
    expect(message).not.toContain('cannot open shared object file');
  });

  test('an unknown library is named, with how to find its package', () => {
    expect(describeLoadFailure(dlopenMessage('libfoo.so.2'))).toMatch(
      /the shared library libfoo\.so\.2 is missing\. Find its Debian package with: apt-file search libfoo\.so\.2/,
    );
  });

  test('other load failures keep the loader message', () => {
    expect(describeLoadFailure('No native build was found for platform=linux arch=arm64')).toBe(
      'cannot load the aot-model-compiler native addon: No native build was found for platform=linux arch=arm64',
    );
  });
});

describe('loadAddon()', () => {
  test('throws an AddonLoadError naming the library when the loader fails on a missing one', () => {
    const failing = (): unknown => {
      throw new Error(`/pkg/prebuilds/linux-x64/aot-model-compiler.node: ${dlopenMessage('libtorch_cpu.so.1.13')}`);
    };
    let thrown: unknown;
    try {
      loadAddon('/pkg', failing);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AddonLoadError);
    expect((thrown as AddonLoadError).missingLibrary).toBe('libtorch_cpu.so.1.13');
    expect((thrown as Error).message).toMatch(/libtorch_cpu\.so\.1\.13 .*Install it with: sudo apt-get install libtorch1\.13/);
  });

  test('returns what the loader returns', () => {
    const addon = { compile: () => undefined };
    expect(loadAddon('/pkg', () => addon)).toBe(addon);
  });

  test("maps the real dynamic loader's message: an addon whose dependency is gone", () => {
    // A library the addon links against, then removed: dlopen fails exactly as with a missing libtorch.
    const dir = makeTempDir('missing-lib');
    const dep = path.join(dir, 'libaotc_gone.so.1');
    const addon = path.join(dir, 'fake.node');
    fs.writeFileSync(path.join(dir, 'dep.c'), 'int aotc_dep(void) { return 1; }\n');
    fs.writeFileSync(path.join(dir, 'addon.c'), 'int aotc_dep(void);\nint aotc_use(void) { return aotc_dep(); }\n');
    const cc = (args: string[]): void => {
      const result = spawnSync('cc', args, { cwd: dir, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`cc ${args.join(' ')}: ${result.stderr || result.error?.message}`);
    };
    cc(['-shared', '-fPIC', '-Wl,-soname,libaotc_gone.so.1', '-o', dep, 'dep.c']);
    cc(['-shared', '-fPIC', '-o', addon, 'addon.c', dep]);
    fs.rmSync(dep);
    const dlopen = (): unknown => {
      const module = { exports: {} };
      process.dlopen(module, addon);
      return module.exports;
    };
    expect(() => loadAddon(dir, dlopen)).toThrow(
      /the shared library libaotc_gone\.so\.1 is missing\. Find its Debian package with: apt-file search libaotc_gone\.so\.1/,
    );
  });
});
