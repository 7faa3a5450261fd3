// The fixed model set of `npm run bench` (issue 4), built by test/fixtures/make_bench_models.py.
import * as path from 'path';

export interface BenchModel {
  name: string;
  /** The TorchScript model (torch.jit.save output). */
  model: string;
  /** An ONNX export of the same module, for onnxruntime-node (optional). */
  onnx?: string;
  /** compile's --input_dims. */
  inputDims: string;
  /** Floating-point operations of one run when known, else undefined. */
  flops?: number;
  /** Where `flops` comes from. */
  flopsNote?: string;
}

/**
 * FLOPs of the fixed set, counted by hand (a multiply-add is 2 FLOPs):
 * - pointwise: 8 elementwise ops (sigmoid, mul, add, tanh, mul, relu, add, clamp) x 64*56*56;
 * - mlp: 2 * (512*1024 + 1024*1024 + 1024*10) for the three linears;
 * - mobilenet_v2 / resnet18: 2 x torchvision's documented 0.30 / 1.81 GMACs;
 * - encoder: linears 2*128*256*(768 + 256 + 2*1024) + attention 2 * 2*128*128*256.
 */
const FLOPS = {
  pointwise: 8 * 64 * 56 * 56,
  mlp: 2 * (512 * 1024 + 1024 * 1024 + 1024 * 10),
  mobilenet_v2: 2 * 0.3008e9,
  resnet18: 2 * 1.8142e9,
  encoder: 2 * 128 * 256 * (768 + 256 + 2 * 1024) + 2 * 2 * 128 * 128 * 256,
} as const;

export const BENCH_MODEL_NAMES = ['pointwise', 'mlp', 'mobilenet_v2', 'resnet18', 'encoder'] as const;
export type BenchModelName = (typeof BENCH_MODEL_NAMES)[number];

const INPUT_DIMS: Record<BenchModelName, string> = {
  pointwise: '1,64,56,56',
  mlp: '1,512',
  mobilenet_v2: '1,3,224,224',
  resnet18: '1,3,224,224',
  encoder: '1,128,256',
};

/** The directory make_bench_models.py writes to, under the package root. */
export function benchModelDir(root: string): string {
  return path.join(root, 'test', 'fixtures', 'models', 'bench');
}

/** The fixed set, or the named subset, with paths under `dir`. */
export function fixedBenchModels(dir: string, names: readonly string[] = BENCH_MODEL_NAMES): BenchModel[] {
  return names.map((name) => {
    if (!(BENCH_MODEL_NAMES as readonly string[]).includes(name)) {
      throw new Error(`unknown bench model '${name}' (known: ${BENCH_MODEL_NAMES.join(', ')})`);
    }
    const known = name as BenchModelName;
    return {
      name,
      model: path.join(dir, `${name}.pt`),
      onnx: path.join(dir, `${name}.onnx`),
      inputDims: INPUT_DIMS[known],
      flops: FLOPS[known],
      flopsNote: 'fixed count for the bench set (lib/bench/models.ts)',
    };
  });
}
