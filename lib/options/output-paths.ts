// Default output paths, derived from the model path.
import * as path from 'path';

export interface OutputPaths {
  outputLlvm: string;
  outputModel: string;
  outputObject: string;
}

/**
 * Strips only the model's extension: models/net.v2.pt -> models/net.v2.compiled.ll and
 * models/net.v2.compiled.pt; ./m.pt -> ./m.compiled.pt; a file without an extension keeps
 * its whole name. (The original cut at the first '.', which broke on ./m.pt.)
 */
export function defaultOutputPaths(modelPath: string): OutputPaths {
  const extension = path.extname(modelPath);
  const stem = modelPath.slice(0, modelPath.length - extension.length);
  return { outputLlvm: `${stem}.compiled.ll`, outputModel: `${stem}.compiled.pt`, outputObject: `${stem}.compiled.o` };
}
