// Writing a file so that readers see either the old content or the whole new one.
import { promises as fs } from 'fs';
import * as path from 'path';

/** Writes `content` to a temporary file beside `file`, then renames it over `file`. */
export async function writeFileAtomic(file: string, content: string | Buffer): Promise<void> {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`,
  );
  try {
    await fs.writeFile(temp, content);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
