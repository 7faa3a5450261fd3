// Where a compiled model's TypeScript declaration goes: beside it, extension replaced.
import * as path from 'path';

/** models/net.compiled.pt -> models/net.compiled.d.ts (import it as './net.compiled'). */
export function declarationPath(outputModel: string): string {
  const extension = path.extname(outputModel);
  return `${outputModel.slice(0, outputModel.length - extension.length)}.d.ts`;
}
