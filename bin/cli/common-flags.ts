// Flags shared by several commands.
import type { Argv } from 'yargs';

export interface OutputFlags {
  json?: boolean;
  quiet?: boolean;
}

/** --json and --quiet. */
export function addOutputFlags<T>(yargs: Argv<T>): Argv<T & OutputFlags> {
  return yargs
    .option('json', { type: 'boolean', describe: 'print the result as JSON on stdout' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'no progress on stderr' }) as Argv<T & OutputFlags>;
}
