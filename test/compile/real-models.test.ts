// Real models (torchvision classifiers and torch.nn models, built by
// test/fixtures/make_real_models.py) compile, and the compiled model matches the original
// TorchScript model on seeded random inputs: max abs error <= 1e-4 x max |expected|.
// Also: an op nobody lowers fails with its name, schema and source line and leaves no
// files, and the addon's inspect() classifies the ops of the prepared graph.
import * as fs from 'fs';
import * as path from 'path';
import { compile, load, randomTensor, mulberry32 } from '../../lib';
import type { Tensor } from '../../lib';
import { native } from '../../lib/native';
import type { NativeInspectRequest } from '../../lib/native';
import { compareWithOriginal } from '../helpers/oracle';
import { copyFixture, fixtureModel, listDir, makeTempDir } from '../helpers/paths';
import { ensureRealFixtures } from '../helpers/real-fixtures';

const TOLERANCE = 1e-4;

interface RealModel {
  name: string;
  inputDims: string;
  inputTypes?: string;
  /** 4-d image input: also compiled with a channels_last input. */
  image?: boolean;
  /** Range of the random inputs (token ids for the embedding model). */
  range?: { low: number; high: number };
}

const IMAGE = '1,3,224,224';
const REAL_MODELS: RealModel[] = [
  { name: 'resnet18', inputDims: IMAGE, image: true },
  { name: 'mobilenet_v2', inputDims: IMAGE, image: true },
  { name: 'mobilenet_v3_small', inputDims: IMAGE, image: true },
  { name: 'squeezenet1_1', inputDims: IMAGE, image: true },
  { name: 'shufflenet_v2_x1_0', inputDims: IMAGE, image: true },
  { name: 'efficientnet_b0', inputDims: IMAGE, image: true },
  { name: 'densenet_small', inputDims: '1,3,32,32', image: true },
  { name: 'mlp', inputDims: '1,512' },
  { name: 'transformer_encoder', inputDims: '1,128,256' },
  { name: 'embedding_bag', inputDims: '2,16', inputTypes: 'int64', range: { low: 0, high: 1000 } },
  // The edge cases of the project's lowerings (ceil_mode pools, unequal chunks, ...).
  { name: 'lowering_cases', inputDims: '1,4,14,14', image: true },
];

interface Variant {
  label: string;
  model: RealModel;
  channelsLast: boolean;
}

const VARIANTS: Variant[] = REAL_MODELS.flatMap((model) => [
  { label: model.name, model, channelsLast: false },
  ...(model.image ? [{ label: `${model.name} (channels_last)`, model, channelsLast: true }] : []),
]);

/** Seeded random inputs for the compiled model's input specs. */
function inputsFor(specs: { sizes: number[]; dtype: Tensor['dtype'] }[], seed: number, model: RealModel): Tensor[] {
  const random = mulberry32(seed);
  return specs.map((spec) => randomTensor(spec.sizes, spec.dtype, random, model.range));
}

beforeAll(() => ensureRealFixtures());

describe('real models match the original TorchScript model', () => {
  test.each(VARIANTS.map((v) => [v.label, v] as const))('%s', async (label, { model, channelsLast }) => {
    const dir = makeTempDir(model.name);
    const started = Date.now();
    const result = await compile({
      model: fixtureModel(model.name),
      modelName: model.name,
      modelVersion: 'v1',
      inputDims: model.inputDims,
      inputTypes: model.inputTypes,
      inputMemoryFormats: channelsLast ? 'channels_last' : undefined,
      outputLlvm: path.join(dir, `${model.name}.compiled.ll`),
      outputModel: path.join(dir, `${model.name}.compiled.pt`),
    });
    const compileMs = Date.now() - started;
    if (channelsLast) expect(result.inputSpecs[0].memoryFormat).toBe('channels_last');

    const compiled = await load(result.outputModel);
    try {
      const inputs = inputsFor(compiled.inputSpecs, 7, model);
      const actual = await compiled.run(inputs);
      const report = await compareWithOriginal(fixtureModel(model.name), inputs, actual);
      const worst = report.comparisons.reduce((a, c) => (c.maxRelError > a.maxRelError ? c : a), report.comparisons[0]);
      console.log(
        `${label}: max abs error ${worst.maxAbsError.toExponential(3)}, max |expected| ` +
          `${worst.maxAbsExpected.toExponential(3)}, relative ${worst.maxRelError.toExponential(3)} ` +
          `(compile ${(compileMs / 1000).toFixed(1)} s)`,
      );
      const where = `${label}:\n${report.description}`;
      expect({ where, withinTolerance: report.maxRelError <= TOLERANCE }).toEqual({ where, withinTolerance: true });
    } finally {
      compiled.dispose();
    }
  });
});

describe('a classifier with a dynamic batch', () => {
  test('resnet18 compiled at batch 2 runs at batch 3 (max_pool2d, flatten, the linear with a symbolic batch)', async () => {
    const model = REAL_MODELS[0];
    const dir = makeTempDir('resnet18-dynamic');
    const result = await compile({
      model: fixtureModel(model.name),
      modelName: 'resnet18_dyn',
      modelVersion: 'v1',
      inputDims: '2,3,224,224',
      dynamicDims: '0:0',
      outputLlvm: path.join(dir, 'resnet18.compiled.ll'),
      outputModel: path.join(dir, 'resnet18.compiled.pt'),
    });
    expect(result.inputSpecs[0].sizes).toEqual([0, 3, 224, 224]);
    const compiled = await load(result.outputModel);
    try {
      const inputs = inputsFor([{ sizes: [3, 3, 224, 224], dtype: 'float32' }], 11, model);
      const actual = await compiled.run(inputs);
      const report = await compareWithOriginal(fixtureModel(model.name), inputs, actual);
      console.log(`resnet18 (dynamic batch, run at 3): relative ${report.maxRelError.toExponential(3)}`);
      expect(actual[0].shape).toEqual([3, 1000]);
      const where = `resnet18 dynamic batch:\n${report.description}`;
      expect({ where, withinTolerance: report.maxRelError <= TOLERANCE }).toEqual({ where, withinTolerance: true });
    } finally {
      compiled.dispose();
    }
  });
});

describe('an op nobody lowers', () => {
  test('compile fails naming the op, its schema and source line, and writes nothing', async () => {
    const model = copyFixture('lstm');
    const dir = path.dirname(model);
    const promise = compile({ model, modelName: 'lstm', modelVersion: 'v1', inputDims: '1,4,8' });
    await expect(promise).rejects.toThrow(/aten::lstm/);
    await expect(promise).rejects.toThrow(/schema: aten::lstm\.input\(Tensor input, Tensor\[\] hx/);
    await expect(promise).rejects.toThrow(/at: \S+\.py:\d+:\d+/);
    // The model's own line, from the call stack freezing records when it inlines submodules.
    await expect(promise).rejects.toThrow(/called from: \S*make_real_models\.py:\d+:\d+/);
    await expect(promise).rejects.not.toThrow(/Unhandled node kind/);
    expect(listDir(dir)).toEqual(['lstm.pt']);
  });
});

describe('inspect through the addon', () => {
  function request(model: string, sizes: number[], dtype: 'float' | 'int64' = 'float'): NativeInspectRequest {
    return {
      modelPath: fixtureModel(model),
      methodName: 'forward',
      inputs: [{ sizes, dtype, memoryFormat: 'contiguous' }],
      dynamicSizes: [],
    };
  }

  /** The ops of the prepared graph by kind. */
  async function opsByKind(model: string, sizes: number[]) {
    const result = await native().inspect(request(model, sizes));
    return new Map(result.ops.map((op) => [op.kind, op]));
  }

  /** The kinds the rewrites must have left no node of. */
  function expectGone(byKind: Map<string, unknown>, kinds: string[]): void {
    expect(kinds.filter((kind) => byKind.has(kind))).toEqual([]);
  }

  test('resnet18: convolutions fused (with their ReLUs and residual adds), max_pool2d and the linear covered', async () => {
    const result = await native().inspect(request('resnet18', [1, 3, 224, 224]));
    const byKind = new Map(result.ops.map((op) => [op.kind, op]));
    expect(byKind.get('aotc::conv2d')).toMatchObject({ status: 'project', count: 20 });
    expect(byKind.has('aten::conv2d')).toBe(false);
    expect(byKind.has('aten::relu')).toBe(false);  // each fused into a convolution
    expect(byKind.has('aten::add')).toBe(false);   // the residual adds too
    // The stem's pooling reads a channels-last convolution output and keeps that layout.
    expect(byKind.get('aotc::max_pool2d_nhwc')).toMatchObject({ status: 'project', count: 1 });
    expect(byKind.get('aotc::linear')).toMatchObject({ status: 'project', count: 1 });
    expect(byKind.has('aten::linear')).toBe(false);
    expect(result.ops.filter((op) => op.status === 'unsupported')).toEqual([]);
    expect(byKind.get('aotc::max_pool2d_nhwc')?.schema).toMatch(/^aotc::max_pool2d_nhwc\(Tensor self, int\[2\] kernel_size/);
    expect(byKind.get('aotc::max_pool2d_nhwc')?.sourceLine).toMatch(/\.py:\d+:\d+$/);
    expect(byKind.get('aotc::conv2d')?.sourceLine).toMatch(/\.py:\d+:\d+$/);
    expect(result.graph).toMatch(/aotc::max_pool2d_nhwc/);
  });

  test('squeezenet: the fire modules concatenate channels-last, and the pools after them keep it', async () => {
    const byKind = await opsByKind('squeezenet1_1', [1, 3, 224, 224]);
    expect(byKind.get('aotc::cat_nhwc')).toMatchObject({ status: 'project', count: 8 });
    expectGone(byKind, ['aten::cat']);
    expect(byKind.get('aotc::max_pool2d_nhwc')).toMatchObject({ status: 'project', count: 3 });
    expect(byKind.get('aotc::cat_nhwc')?.schema).toMatch(/^aotc::cat_nhwc\(Tensor\[\] tensors, int dim\)/);
    expect(byKind.get('aotc::cat_nhwc')?.sourceLine).toMatch(/\.py:\d+:\d+$/);
  });

  test('shufflenet: its units run channels-last, shuffles and chunks included', async () => {
    const byKind = await opsByKind('shufflenet_v2_x1_0', [1, 3, 224, 224]);
    expect(byKind.get('aotc::channel_shuffle_nhwc')).toMatchObject({ status: 'project', count: 16 });
    expect(byKind.get('aotc::cat_nhwc')).toMatchObject({ status: 'project', count: 16 });
    expect(byKind.get('aotc::slice_channels_nhwc')).toMatchObject({ status: 'project', count: 26 });
    expectGone(byKind, ['aten::cat', 'aten::view', 'aten::transpose', 'aten::contiguous', 'prim::ConstantChunk']);
  });

  test('a concatenation stays aten::cat when an input is not channels-last or it is a method output', async () => {
    const byKind = await opsByKind('conv_concat', [2, 3, 13, 15]);
    expect(byKind.get('aotc::cat_nhwc')).toMatchObject({ status: 'project', count: 4 });
    expect(byKind.get('aten::cat')?.count).toBe(2);
    expect(byKind.get('aotc::max_pool2d_nhwc')).toMatchObject({ status: 'project', count: 1 });
    expect(byKind.get('aotc::channel_shuffle_nhwc')).toMatchObject({ status: 'project', count: 1 });
    expect(byKind.get('aotc::slice_channels_nhwc')).toMatchObject({ status: 'project', count: 2 });
  });

  test('efficientnet: silu and sigmoid fused into the convolutions, the excitation scales channels-last', async () => {
    const byKind = await opsByKind('efficientnet_b0', [1, 3, 224, 224]);
    expect(byKind.get('aotc::scale_channels_nhwc')).toMatchObject({ status: 'project', count: 16 });
    expectGone(byKind, ['aten::silu', 'aten::sigmoid', 'aten::mul']);
  });

  test('squeeze-excitation fixture: every activation fused, both scalings channels-last', async () => {
    const byKind = await opsByKind('squeeze_excite', [2, 3, 9, 10]);
    expect(byKind.get('aotc::conv2d')).toMatchObject({ status: 'project', count: 6 });
    expect(byKind.get('aotc::scale_channels_nhwc')).toMatchObject({ status: 'project', count: 2 });
    expectGone(byKind, ['aten::silu', 'aten::sigmoid', 'aten::hardswish', 'aten::hardsigmoid', 'aten::mul']);
  });

  test('gelu after a linear layer is fused into it (both approximations); elsewhere a loop of its own', async () => {
    const fixture = await opsByKind('gelu_linear', [2, 5, 12]);
    expect(fixture.get('aotc::linear')).toMatchObject({ status: 'project', count: 2 });
    expect(fixture.get('aten::gelu')).toMatchObject({ status: 'native', count: 1 });
    const mlp = await opsByKind('mlp', [1, 512]);
    expect(mlp.get('aotc::linear')).toMatchObject({ status: 'project', count: 3 });
    expectGone(mlp, ['aten::gelu', 'aten::relu']);
  });

  test('densenet: the batch norms after convolutions fold into them once the trace removed their branch', async () => {
    const byKind = await opsByKind('densenet_small', [1, 3, 32, 32]);
    // 4 layers of 2 convolutions, the stem's and the transition's; the batch norms left are
    // those after a concatenation (4), the transition's and the last: before a relu.
    expect(byKind.get('aotc::conv2d')).toMatchObject({ status: 'project', count: 10 });
    expect(byKind.get('aten::batch_norm')?.count).toBe(6);
    expect(byKind.has('aten::append')).toBe(false);
  });

  test('shufflenet: chunk and shape arithmetic are gone after the rewrites', async () => {
    const result = await native().inspect(request('shufflenet_v2_x1_0', [1, 3, 224, 224]));
    const kinds = result.ops.map((op) => op.kind);
    for (const gone of ['aten::chunk', 'aten::size', 'aten::floordiv', 'prim::ListUnpack']) {
      expect(kinds).not.toContain(gone);
    }
    expect(kinds).toContain('aotc::slice_channels_nhwc');  // the chunks, channels-last
    expect(result.ops.filter((op) => op.status === 'unsupported')).toEqual([]);
  });

  test('the transformer encoder layer is decomposed into lowered ops', async () => {
    const result = await native().inspect(request('transformer_encoder', [1, 128, 256]));
    const kinds = result.ops.map((op) => op.kind);
    expect(kinds).not.toContain('aten::_transformer_encoder_layer_fwd');
    expect(kinds).toEqual(expect.arrayContaining(['aten::matmul', 'aten::softmax', 'aten::layer_norm']));
    expect(result.ops.filter((op) => op.status === 'unsupported')).toEqual([]);
  });

  test('lstm: aten::lstm is unsupported, with its schema and source line', async () => {
    const result = await native().inspect(request('lstm', [1, 4, 8]));
    const lstm = result.ops.find((op) => op.kind === 'aten::lstm');
    expect(lstm).toMatchObject({ status: 'unsupported', count: 1 });
    expect(lstm?.schema).toMatch(/^aten::lstm\.input\(/);
    expect(lstm?.sourceLine).toMatch(/\.py:\d+:\d+$/);
    expect(result.graph).toMatch(/aten::lstm/);
  });

  test('a bad request is rejected with a message', async () => {
    await expect(native().inspect(request('no_such_model', [1, 3]))).rejects.toThrow(/no_such_model/);
    await expect(native().inspect({ ...request('mlp', [1, 512]), methodName: 'nope' })).rejects.toThrow(/nope/);
  });

  test('it writes no files', () => {
    // inspect() has no outputs; the fixture directory gains nothing from the calls above.
    const dir = path.dirname(fixtureModel('x'));
    expect(listDir(dir).filter((f) => /compiled|\.ll$|\.so$|\.o$/.test(f))).toEqual([]);
    expect(fs.existsSync(dir)).toBe(true);
  });
});
