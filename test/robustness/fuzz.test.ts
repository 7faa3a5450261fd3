// Property-based: generated option objects, spec strings and plain garbage thrown at compile()
// / inspect() validation and straight at the addon (compile, inspect, loadCompiled,
// loadTorchScript, a loaded model's run). The process survives every case, and every failure
// is an Error with a message. Fixed seeds, bounded runs; no case compiles a model.
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { compile, inspect } from '../../lib';
import type { CompileOptions, InspectOptions } from '../../lib';
import { native } from '../../lib/native';
import type { NativeCompiledModel, Tensor } from '../../lib/native';
import { compareWithOriginal } from '../helpers/oracle';
import { fixtureModel, makeTempDir } from '../helpers/paths';
import { isError } from './helpers';

const SETTINGS = { seed: 20240611, numRuns: 200 } as const;

/** Resolves to the value, or to the failure; a failure that is not an Error with a message fails the property. */
async function settle(call: () => unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: Error }> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (!isError(error)) throw new Error(`rejected with a non-Error: ${String(error)}`);
    if (typeof error.message !== 'string' || error.message.trim() === '') throw new Error('rejected with an empty message');
    return { ok: false, error };
  }
}

async function mustFail(call: () => unknown): Promise<void> {
  const outcome = await settle(call);
  if (outcome.ok) throw new Error('expected a rejection');
}

// Junk of every kind, and numbers that break naive code.
const junk = fc.anything({ maxDepth: 3, withBigInt: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true });
const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 63, 1e300, Number.MAX_VALUE, 99999999999),
);
const specText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.stringOf(fc.constantFrom('0', '1', '2', '9', ',', ';', ':', ' ', '-', '+', 'x', '.', 'e', '\t'), { maxLength: 30 }),
  fc.array(nastyNumber.map(String), { maxLength: 6 }).map((a) => a.join(',')),
);
const listText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.array(fc.constantFrom('float', 'int64', 'uint8', 'double', 'contiguous', 'channels_last', '', ' '), { maxLength: 4 }).map((a) => a.join(';')),
);

describe('fuzzing', () => {
  let dir: string;
  let missingModel: string;
  let junkModel: string;

  beforeAll(() => {
    dir = makeTempDir('fuzz');
    missingModel = path.join(dir, 'missing', 'model.pt');
    junkModel = path.join(dir, 'junk.pt');
    fs.writeFileSync(junkModel, 'not a model');
  });

  test('compile() and inspect() options: every rejection is an Error with a message', async () => {
    const options = fc.record(
      {
        model: fc.oneof(fc.constant(missingModel), fc.constant(junkModel), fc.constant(dir), junk),
        modelName: fc.oneof(fc.string({ maxLength: 10 }), junk),
        modelVersion: fc.oneof(fc.constant('v1'), junk),
        inputDims: fc.oneof(specText, fc.array(fc.array(nastyNumber, { maxLength: 5 }), { maxLength: 3 }), junk),
        inputTypes: fc.oneof(listText, fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), junk),
        inputMemoryFormats: fc.oneof(listText, junk),
        dynamicDims: fc.oneof(
          specText,
          fc.array(nastyNumber, { maxLength: 3 }),
          fc.array(fc.record({ input: nastyNumber, dim: nastyNumber }), { maxLength: 3 }),
          junk,
        ),
        methodName: fc.oneof(fc.string({ maxLength: 10 }), junk),
        outputLlvm: fc.oneof(fc.constant(path.join(dir, 'o.ll')), fc.string({ maxLength: 10 }).map((s) => path.join(dir, 'no', s))),
        outputModel: fc.oneof(fc.constant(path.join(dir, 'o.pt')), junk.filter((v) => typeof v !== 'string')),
        outputDeclaration: fc.oneof(fc.constant(false), fc.constant(path.join(dir, 'o.d.ts'))),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(options, async (generated) => {
        await mustFail(() => compile(generated as unknown as CompileOptions));
        await mustFail(() => inspect(generated as unknown as InspectOptions));
      }),
      SETTINGS,
    );
    await mustFail(() => compile(undefined as unknown as CompileOptions));
    await mustFail(() => compile(null as unknown as CompileOptions));
    expect(fs.readdirSync(dir).sort()).toEqual(['junk.pt']);
  });

  test('the addon, called directly with garbage requests, fails fast with an Error', async () => {
    const input = fc.oneof(
      fc.record(
        {
          sizes: fc.oneof(fc.array(nastyNumber, { maxLength: 5 }), junk),
          dtype: fc.oneof(fc.constantFrom('float', 'int64', 'uint8', 'double', ''), junk),
          memoryFormat: fc.oneof(fc.constantFrom('contiguous', 'channels_last', 'x'), junk),
        },
        { requiredKeys: [] },
      ),
      junk,
    );
    const request = fc.oneof(
      fc.record(
        {
          modelPath: fc.oneof(fc.constant(missingModel), fc.string({ maxLength: 10 }).map((s) => path.join(dir, 'missing', s)), junk),
          methodName: fc.oneof(fc.constant('forward'), fc.string({ maxLength: 10 }), junk),
          modelName: fc.oneof(fc.constant('m'), fc.string({ maxLength: 10 }), junk),
          modelVersion: fc.oneof(fc.constant('v1'), junk),
          inputs: fc.oneof(fc.array(input, { maxLength: 3 }), junk),
          dynamicSizes: fc.oneof(fc.array(nastyNumber, { maxLength: 3 }), junk),
          dynamicDims: fc.oneof(fc.array(fc.oneof(fc.record({ input: nastyNumber, dim: nastyNumber }), junk), { maxLength: 3 }), junk),
          outputLlvm: fc.oneof(fc.constant(path.join(dir, 'n.ll')), junk),
          outputModel: fc.oneof(fc.constant(path.join(dir, 'n.pt')), junk),
          outputObject: fc.oneof(fc.constant(path.join(dir, 'n.o')), junk),
          target: fc.oneof(fc.string({ maxLength: 12 }), junk),
          cpu: fc.oneof(fc.string({ maxLength: 12 }), junk),
        },
        { requiredKeys: ['modelPath'] },
      ),
      junk,
    );
    const addon = native() as unknown as Record<string, (...args: unknown[]) => unknown>;
    await fc.assert(
      fc.asyncProperty(request, junk, async (generated, extra) => {
        await mustFail(() => addon.compile(generated, extra));
        await mustFail(() => addon.inspect(generated));
        await mustFail(() => addon.loadCompiled(generated));
        await mustFail(() => addon.loadTorchScript(generated));
      }),
      SETTINGS,
    );
    for (const name of ['compile', 'inspect', 'loadCompiled', 'loadTorchScript']) await mustFail(() => addon[name]());
    // A request whose fields throw when read.
    const hostile = new Proxy({}, { get: () => { throw new Error('hostile getter'); } });
    await mustFail(() => addon.compile(hostile));
    await mustFail(() => addon.inspect(hostile));
    expect(fs.readdirSync(dir).sort()).toEqual(['junk.pt']);
  });

  describe('a loaded model, run directly through the addon', () => {
    let model: NativeCompiledModel;

    beforeAll(async () => {
      const out = makeTempDir('fuzz-run');
      const result = await compile({
        model: fixtureModel('two_in_two_out'),
        modelName: 'fuzz',
        modelVersion: 'v1',
        inputDims: '2,3,4;2,3,4',
        dynamicDims: '0:0,1:0',
        outputLlvm: path.join(out, 'f.compiled.ll'),
        outputModel: path.join(out, 'f.compiled.pt'),
      });
      model = await native().loadCompiled(path.resolve(result.outputModel));
    });

    afterAll(() => model?.dispose());

    test('garbage inputs: every failure is an Error; a run that is accepted returns tensors', async () => {
      const data = fc.oneof(
        fc.float32Array({ maxLength: 30 }),
        fc.float64Array({ maxLength: 8 }),
        fc.int32Array({ maxLength: 8 }),
        fc.uint8Array({ maxLength: 8 }),
        fc.bigInt64Array({ maxLength: 8 }),
        fc.constant(new Float32Array(24)),
        junk,
      );
      // The addon takes TypedArrays and shapes (NativeCompiledModel.run): any of them junk.
      const shape = fc.oneof(
        fc.constant([2, 3, 4]),
        fc.constant([1, 3, 4]),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), nastyNumber), { maxLength: 5 }),
        junk,
      );
      const runner = model as unknown as { run: (...args: unknown[]) => Promise<unknown> };
      let accepted = 0;
      // Well-formed data of the compiled shape, but any number of them.
      const valid = fc.constant(null).map(() => new Float32Array(24).fill(1));
      const validShapes = fc.array(fc.constant([2, 3, 4]), { minLength: 2, maxLength: 2 });
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.array(data, { maxLength: 3 }), fc.array(valid, { maxLength: 5 }), junk),
          fc.oneof(fc.array(shape, { maxLength: 3 }), validShapes, junk),
          fc.oneof(fc.constant(0), fc.constant(1e9), junk),
          async (datas, shapes, inlineBelowUs) => {
            const outcome = await settle(() => runner.run(datas, shapes, inlineBelowUs));
            if (outcome.ok) {
              accepted++;
              if (!Array.isArray(outcome.value)) throw new Error('run resolved to something other than an array');
            }
          },
        ),
        SETTINGS,
      );
      // The valid case still works after all that: the outputs' data, then their (dynamic) shapes.
      const a = Float32Array.from({ length: 24 }, (_, i) => (i % 7) / 3 - 1);
      const b = Float32Array.from({ length: 24 }, (_, i) => (i % 5) / 2 - 1);
      const outputs = (await runner.run([a, b], [[2, 3, 4], [2, 3, 4]], 0)) as unknown[];
      expect(outputs).toHaveLength(4);
      expect(outputs.slice(2)).toEqual([[2, 3, 4], [2, 3, 4]]);
      const inputs: Tensor[] = [a, b].map((data) => ({ data, shape: [2, 3, 4], dtype: 'float32' }));
      const produced: Tensor[] = [0, 1].map((o) => ({
        data: outputs[o] as Float32Array,
        shape: outputs[2 + o] as number[],
        dtype: 'float32',
      }));
      const report = await compareWithOriginal(fixtureModel('two_in_two_out'), inputs, produced);
      expect({ report: report.description, ok: report.maxRelError <= 1e-4 }).toEqual({ report: report.description, ok: true });
      expect(accepted).toBeGreaterThan(0);
    });
  });
});
