// Writing the per-model declaration atomically beside the compiled model.
import { writeFileAtomic } from '../files/atomic-write';
import { renderModelDeclaration } from './model-declaration';
import type { ModelDeclarationInfo } from './model-declaration';

/** Writes `<model>.compiled.d.ts` (temp file + rename: never half-written). */
export async function writeModelDeclaration(file: string, info: ModelDeclarationInfo): Promise<void> {
  await writeFileAtomic(file, renderModelDeclaration(info));
}
