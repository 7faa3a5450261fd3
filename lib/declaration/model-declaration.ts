// The text of a per-model TypeScript declaration (<model>.compiled.d.ts): the compiled model's
// inputs and outputs as types, so a service gets typed run() inputs and outputs.
import * as path from 'path';
import type { TensorSpec } from '../native';

/** What the declaration describes. */
export interface ModelDeclarationInfo {
  /** The compiled model file (only its base name is written). */
  outputModel: string;
  kernelId: string;
  kernelFuncName: string;
  inputSpecs: readonly TensorSpec[];
  outputSpecs: readonly TensorSpec[];
  /** The package version that wrote it. */
  generator: string;
}

function dynamicDimsOf(spec: TensorSpec): number[] {
  return spec.sizes.flatMap((size, dim) => (size === 0 ? [dim] : []));
}

function shapeType(spec: TensorSpec): string {
  return `[${spec.sizes.map((size) => (size === 0 ? 'number' : String(size))).join(', ')}]`;
}

function describeDims(spec: TensorSpec): string {
  const dynamic = dynamicDimsOf(spec);
  if (dynamic.length === 0) return 'All dims static.';
  const parts = dynamic.map((dim) => {
    const symbol = spec.dimSymbols?.[dim];
    return symbol !== undefined && symbol >= 0 ? `dim ${dim} (symbol s${symbol})` : `dim ${dim}`;
  });
  return `Dynamic: ${parts.join(', ')}; dims with the same symbol must have the same size.`;
}

function specType(name: string, spec: TensorSpec, withFormat: boolean): string {
  const symbols = spec.dimSymbols ?? spec.sizes.map((size) => (size === 0 ? 0 : -1));
  return [
    `export interface ${capitalize(name)}Spec {`,
    `  name: '${spec.name ?? name}';`,
    `  dtype: '${spec.dtype}';`,
    `  /** 0 = dynamic */`,
    `  sizes: [${spec.sizes.join(', ')}];`,
    `  dynamicDims: [${dynamicDimsOf(spec).join(', ')}];`,
    `  /** -1 = static, else the index of the run-time shape symbol */`,
    `  dimSymbols: [${symbols.join(', ')}];`,
    ...(withFormat ? [`  /** The layout the kernel reads; run() always takes contiguous data. */`, `  memoryFormat: '${spec.memoryFormat}';`] : []),
    '}',
  ].join('\n');
}

function capitalize(name: string): string {
  return name[0].toUpperCase() + name.slice(1);
}

function tensorBlock(kind: 'input' | 'output', specs: readonly TensorSpec[]): string[] {
  return specs.flatMap((spec, i) => {
    const name = `${kind}${i + 1}`;
    return [
      `/** ${capitalize(kind)} ${i + 1}${spec.name ? ` (${spec.name})` : ''}: ${spec.dtype} [${spec.sizes.map((s) => (s === 0 ? '?' : s)).join(', ')}]. ${describeDims(spec)} */`,
      `export type ${capitalize(name)} = TensorOf<'${spec.dtype}', ${shapeType(spec)}>;`,
      specType(name, spec, kind === 'input'),
      '',
    ];
  });
}

function tuple(kind: 'input' | 'output', specs: readonly TensorSpec[], suffix: string): string {
  // Tuple labels: the argument's name when it is a plain identifier.
  const label = (spec: TensorSpec, i: number): string =>
    spec.name && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(spec.name) ? spec.name : `${kind}${i + 1}`;
  return `[${specs.map((spec, i) => `${label(spec, i)}: ${capitalize(kind)}${i + 1}${suffix}`).join(', ')}]`;
}

/** The declaration's text. */
export function renderModelDeclaration(info: ModelDeclarationInfo): string {
  const file = path.basename(info.outputModel);
  const module = `./${path.basename(file, path.extname(file))}`;
  return [
    `// Types of the compiled model ${file} (kernel ${info.kernelFuncName}, id ${info.kernelId}).`,
    `// Written by aot-model-compiler ${info.generator} with the model; compiling again rewrites it.`,
    '//',
    "//   import { load } from 'aot-model-compiler';",
    `//   import type { Inputs, Outputs } from '${module}';`,
    `//   const model = await load<Inputs, Outputs>('${file}');`,
    '//   const [out] = await model.run([input]);   // input: Input1, out: Output1',
    "import type { CompiledModel, TensorOf } from 'aot-model-compiler';",
    '',
    ...tensorBlock('input', info.inputSpecs),
    ...tensorBlock('output', info.outputSpecs),
    `/** The inputs of run(), in order. */`,
    `export type Inputs = ${tuple('input', info.inputSpecs, '')};`,
    `/** What run() resolves to. */`,
    `export type Outputs = ${tuple('output', info.outputSpecs, '')};`,
    `export type InputSpecs = ${tuple('input', info.inputSpecs, 'Spec')};`,
    `export type OutputSpecs = ${tuple('output', info.outputSpecs, 'Spec')};`,
    `/** The loaded model: load<Inputs, Outputs>('${file}'). */`,
    'export type Model = CompiledModel<Inputs, Outputs>;',
    `export type KernelId = ${JSON.stringify(info.kernelId)};`,
    `export type KernelFuncName = ${JSON.stringify(info.kernelFuncName)};`,
    '',
  ].join('\n');
}
