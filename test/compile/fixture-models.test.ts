// Each fixture model compiles and matches the original TorchScript model on seeded random inputs.
import * as path from 'path';
import { compile } from '../../lib';
import { FIXTURE_MODELS } from '../helpers/models';
import type { FixtureModel } from '../helpers/models';
import { checkAgainstOriginal } from '../helpers/oracle';
import { fixtureModel, makeTempDir } from '../helpers/paths';
import { llvmAsErrors } from '../helpers/llvm';

interface Variant {
  label: string;
  model: FixtureModel;
  memoryFormats?: string;
}

const VARIANTS: Variant[] = FIXTURE_MODELS.flatMap((model) => [
  { label: model.name, model },
  ...(model.channelsLast ? [{ label: `${model.name} (channels_last)`, model, memoryFormats: model.channelsLast }] : []),
]);

describe('fixture models match the original TorchScript model', () => {
  test.each(VARIANTS.map((v) => [v.label, v] as const))('%s', async (_label, { model, memoryFormats }) => {
    const dir = makeTempDir(model.name);
    const result = await compile({
      model: fixtureModel(model.name),
      modelName: model.name,
      modelVersion: 'v1',
      inputDims: model.inputDims,
      inputTypes: model.inputTypes,
      inputMemoryFormats: memoryFormats,
      outputLlvm: path.join(dir, `${model.name}.compiled.ll`),
      outputModel: path.join(dir, `${model.name}.compiled.pt`),
    });
    expect({ ll: result.outputLlvm, errors: llvmAsErrors(result.outputLlvm) }).toEqual({ ll: result.outputLlvm, errors: '' });
    if (memoryFormats) expect(result.inputSpecs[0].memoryFormat).toBe('channels_last');
    for (const seed of [1, 2]) {
      const report = await checkAgainstOriginal(fixtureModel(model.name), result.outputModel, seed, model.floatRange);
      const where = `${model.name}${memoryFormats ? ` (${memoryFormats})` : ''}, seed ${seed}:\n${report.description}`;
      expect({ where, withinTolerance: report.maxRelError <= model.tolerance }).toEqual({
        where,
        withinTolerance: true,
      });
    }
  });
});
