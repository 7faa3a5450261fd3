// compile() runs off the event loop and reports its phases; the result matches the original.
import * as path from 'path';
import { compile } from '../../lib';
import type { CompilePhase } from '../../lib';
import { checkAgainstOriginal } from '../helpers/oracle';
import { fixtureModel, makeTempDir } from '../helpers/paths';

describe('compile() and the event loop', () => {
  test('a timer keeps firing while a conv model compiles; phases arrive in order', async () => {
    const dir = makeTempDir('event-loop');
    const phases: Array<[CompilePhase, number]> = [];
    let ticks = 0;
    const start = Date.now();
    const timer = setInterval(() => {
      ticks += 1;
    }, 5);
    let result;
    try {
      result = await compile({
        model: fixtureModel('conv_fusion'),
        modelName: 'conv_fusion',
        modelVersion: 'v1',
        inputDims: '2,3,20,18',
        outputLlvm: path.join(dir, 'conv.compiled.ll'),
        outputModel: path.join(dir, 'conv.compiled.pt'),
        onProgress: (phase, elapsedMs) => phases.push([phase, elapsedMs]),
      });
    } finally {
      clearInterval(timer);
    }
    // A blocked loop would let at most one tick through; a free one about one per 5 ms.
    const durationMs = Date.now() - start;
    expect(durationMs).toBeGreaterThan(50);
    expect(ticks).toBeGreaterThan(Math.min(5, durationMs / 5 / 4));
    expect(phases.map(([phase]) => phase)).toEqual(['load', 'freeze', 'passes', 'lower', 'codegen', 'write']);
    const elapsed = phases.map(([, ms]) => ms);
    expect(elapsed.every((ms, i) => ms >= 0 && (i === 0 || ms >= elapsed[i - 1]))).toBe(true);
    const report = await checkAgainstOriginal(fixtureModel('conv_fusion'), result.outputModel, 1);
    expect({ report: report.description, ok: report.maxRelError <= 1e-4 }).toEqual({ report: report.description, ok: true });
  });
});
