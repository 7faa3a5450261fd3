// Printing results: --json on stdout as one JSON document, otherwise text lines.
import type { Tensor } from '../../lib/native';

/** Writes `value` as JSON (one document, newline-terminated) to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}\n`);
}

export function printLine(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The first `count` values of a tensor as numbers (int64 converted). */
export function firstValues(t: Tensor, count = 8): number[] {
  return Array.from(t.data.subarray(0, count) as ArrayLike<number | bigint>, Number);
}

/** `float32 [2, 2] 0.1, 0.2, …` */
export function describeTensor(t: Tensor, count = 8): string {
  const values = firstValues(t, count).map((v) => +v.toPrecision(6));
  const more = t.data.length > count ? ', …' : '';
  return `${t.dtype} [${t.shape.join(', ')}] ${values.join(', ')}${more}`;
}

/** Formats an error figure: 0, or 3 significant digits in exponent form. */
export function formatError(value: number): string {
  return value === 0 ? '0' : value.toExponential(2);
}
