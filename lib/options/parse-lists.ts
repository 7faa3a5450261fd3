// Parsing of the per-input lists: --input_types and --input_memory_formats.
import { UsageError } from '../errors';
import type { InputType, MemoryFormat } from '../native';

export const INPUT_TYPES: readonly InputType[] = ['float', 'int64', 'uint8'];
export const MEMORY_FORMATS: readonly MemoryFormat[] = ['contiguous', 'channels_last'];

/**
 * Splits a per-input list. The original tool separates entries with ';'; ',' is accepted as
 * well since no entry contains a comma. An empty string means "not given".
 */
export function splitList(value: string | readonly string[] | undefined, what = 'the list'): string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((entry: unknown) => String(entry).trim());
  if (typeof value !== 'string') {
    throw new UsageError(`${what} must be a string (entries separated by ';') or an array of strings, got ${typeof value}`);
  }
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return trimmed.split(/[;,]/).map((entry) => entry.trim());
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Input types, one per input; all 'float' when not given. */
export function parseInputTypes(value: string | readonly string[] | undefined, inputCount: number): InputType[] {
  const entries = splitList(value, 'input types');
  if (entries === undefined) return new Array<InputType>(inputCount).fill('float');
  if (entries.length !== inputCount) {
    throw new UsageError(
      `${plural(entries.length, 'input type')} given for ${plural(inputCount, 'input')}: ` +
        `give one input type per input, separated by ';' (e.g. float;int64)`,
    );
  }
  return entries.map((entry, i) => {
    const found = INPUT_TYPES.find((t) => t === entry);
    if (!found) {
      throw new UsageError(
        `unknown input type '${entry}' for input ${i + 1} (expected one of: ${INPUT_TYPES.join(', ')})`,
      );
    }
    return found;
  });
}

/** Memory formats: absent (all contiguous) or one per input; channels_last only for 4-d inputs. */
export function parseMemoryFormats(
  value: string | readonly string[] | undefined,
  dims: readonly (readonly number[])[],
): MemoryFormat[] {
  const entries = splitList(value, 'input memory formats');
  if (entries === undefined) return new Array<MemoryFormat>(dims.length).fill('contiguous');
  if (entries.length !== dims.length) {
    throw new UsageError(
      `${plural(entries.length, 'input memory format')} given for ${plural(dims.length, 'input')}: ` +
        `give none, or one per input separated by ';'`,
    );
  }
  return entries.map((entry, i) => {
    const found = MEMORY_FORMATS.find((f) => f === entry);
    if (!found) {
      throw new UsageError(
        `unknown memory format '${entry}' for input ${i + 1} (expected one of: ${MEMORY_FORMATS.join(', ')})`,
      );
    }
    if (found === 'channels_last' && dims[i].length !== 4) {
      throw new UsageError(
        `input ${i + 1} has ${dims[i].length} dims (${dims[i].join(',')}); channels_last needs a 4-d input`,
      );
    }
    return found;
  });
}
