// Loading the native addon through node-gyp-build, with a clear error when it cannot load.
import { describeLoadFailure, missingLibraryName } from './missing-library';

/** Loads the addon found under a package root (node-gyp-build's signature). */
export type AddonLoader = (packageRoot: string) => unknown;

/** The error thrown when the addon cannot be loaded; `missingLibrary` names a missing .so. */
export class AddonLoadError extends Error {
  readonly missingLibrary: string | undefined;
  override readonly cause: unknown;

  constructor(original: unknown) {
    const message = original instanceof Error ? original.message : String(original);
    super(describeLoadFailure(message));
    this.name = 'AddonLoadError';
    this.missingLibrary = missingLibraryName(message);
    this.cause = original;
  }
}

function nodeGypBuild(root: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const load = require('node-gyp-build') as AddonLoader;
  return load(root);
}

/**
 * Loads the addon: build/Release (cmake-js or node-gyp), else prebuilds/<platform>-<arch>.
 * Throws an AddonLoadError naming a missing library and the apt command that installs it.
 */
export function loadAddon(packageRoot: string, loader: AddonLoader = nodeGypBuild): unknown {
  try {
    return loader(packageRoot);
  } catch (error) {
    throw new AddonLoadError(error);
  }
}
