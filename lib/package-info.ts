// This package's own metadata (package.json), found from the running code.
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from './native';

let version: string | undefined;

/** The package version, e.g. '0.1.0'. */
export function packageVersion(): string {
  if (version === undefined) {
    const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(__dirname), 'package.json'), 'utf8')) as {
      version?: string;
    };
    version = pkg.version ?? 'unknown';
  }
  return version;
}
