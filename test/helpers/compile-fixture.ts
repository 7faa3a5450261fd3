// Compiling a fixture model into a fresh temporary directory, for tests that then run it.
import * as path from 'path';
import { compile } from '../../lib';
import type { CompileOptions } from '../../lib';
import { fixtureModel, makeTempDir } from './paths';

/** Compiles fixture `name` at `inputDims` (plus `extra` options); resolves to the compiled .pt. */
export async function compileFixture(name: string, inputDims: string, extra: Partial<CompileOptions> = {}): Promise<string> {
  const dir = makeTempDir(`compiled-${name}`);
  const result = await compile({
    model: fixtureModel(name),
    modelName: name,
    modelVersion: 'v1',
    inputDims,
    outputModel: path.join(dir, 'm.compiled.pt'),
    outputLlvm: path.join(dir, 'm.compiled.ll'),
    ...extra,
  });
  return result.outputModel;
}
