// The original tool's option rules, each with a case for the API and for the CLI.
import type { CompileOptions } from '../../lib';

export interface ValidationCase {
  rule: string;
  /** Changes to a valid set of options. */
  api: Partial<CompileOptions>;
  /** CLI flags replacing the valid ones of the same name ('' to drop a flag). */
  cli: Record<string, string | undefined>;
  message: RegExp;
}

export const VALID_API: CompileOptions = {
  model: 'model.pt',
  modelName: 'm',
  modelVersion: 'v1',
  inputDims: '2,2,2',
};

export const VALID_CLI: Record<string, string> = {
  '--model': 'model.pt',
  '--model_name': 'm',
  '--model_version': 'v1',
  '--input_dims': '2,2,2',
};

/** Flags as argv: `--flag=value` for each flag that has a value. */
export function cliArgs(changes: Record<string, string | undefined>): string[] {
  const flags: Record<string, string | undefined> = { ...VALID_CLI, ...changes };
  return Object.entries(flags)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([flag, value]) => `${flag}=${value}`);
}

export const VALIDATION_CASES: readonly ValidationCase[] = [
  { rule: 'model is required', api: { model: '' }, cli: { '--model': undefined }, message: /missing required option model \(--model\)/ },
  {
    rule: 'model name is required',
    api: { modelName: '' },
    cli: { '--model_name': undefined },
    message: /missing required option modelName \(--model_name\)/,
  },
  {
    rule: 'model version is required',
    api: { modelVersion: '' },
    cli: { '--model_version': undefined },
    message: /missing required option modelVersion \(--model_version\)/,
  },
  {
    rule: 'input dims are required',
    api: { inputDims: '' },
    cli: { '--input_dims': undefined },
    message: /missing required option inputDims \(--input_dims\)/,
  },
  { rule: 'dims must be integers', api: { inputDims: '1,a' }, cli: { '--input_dims': '1,a' }, message: /'a' is not an integer/ },
  { rule: 'dims must not be empty between commas', api: { inputDims: '1,,2' }, cli: { '--input_dims': '1,,2' }, message: /empty size/ },
  { rule: 'each input needs sizes', api: { inputDims: ';' }, cli: { '--input_dims': ';' }, message: /input 1: no sizes/ },
  { rule: 'dims must be positive (zero)', api: { inputDims: '2,0' }, cli: { '--input_dims': '2,0' }, message: /0 is not positive/ },
  { rule: 'dims must be positive (negative)', api: { inputDims: '2,-3' }, cli: { '--input_dims': '2,-3' }, message: /-3 is not positive/ },
  {
    rule: 'dims must be safe integers',
    api: { inputDims: '2,99999999999999999999' },
    cli: { '--input_dims': '2,99999999999999999999' },
    message: /too large/,
  },
  {
    rule: 'one input type per input',
    api: { inputDims: '2,2;3', inputTypes: 'float' },
    cli: { '--input_dims': '2,2;3', '--input_types': 'float' },
    message: /1 input type given for 2 inputs/,
  },
  {
    rule: 'input types must be known',
    api: { inputTypes: 'float32' },
    cli: { '--input_types': 'float32' },
    message: /unknown input type 'float32' for input 1/,
  },
  {
    rule: 'memory formats absent or one per input',
    api: { inputDims: '1,3,4,4;2', inputMemoryFormats: 'channels_last' },
    cli: { '--input_dims': '1,3,4,4;2', '--input_memory_formats': 'channels_last' },
    message: /1 input memory format given for 2 inputs/,
  },
  {
    rule: 'memory formats must be known',
    api: { inputMemoryFormats: 'nhwc' },
    cli: { '--input_memory_formats': 'nhwc' },
    message: /unknown memory format 'nhwc' for input 1/,
  },
  {
    rule: 'channels_last only for 4-d inputs',
    api: { inputMemoryFormats: 'channels_last' },
    cli: { '--input_memory_formats': 'channels_last' },
    message: /input 1 has 3 dims \(2,2,2\); channels_last needs a 4-d input/,
  },
  {
    rule: 'dynamic dims must be integers',
    api: { dynamicDims: 'x' },
    cli: { '--dynamic_dims': 'x' },
    message: /cannot parse dynamic dims 'x'/,
  },
  {
    rule: 'dynamic dims must occur in the input dims',
    api: { dynamicDims: '7' },
    cli: { '--dynamic_dims': '7' },
    message: /dynamic dim 7 does not occur/,
  },
  {
    rule: 'method name must be an identifier',
    api: { methodName: 'for ward' },
    cli: { '--method_name': 'for ward' },
    message: /method name 'for ward' is not a valid identifier/,
  },
  {
    rule: "matmul precision is 'highest', 'high' or 'medium'",
    api: { matmulPrecision: 'low' as CompileOptions['matmulPrecision'] },
    cli: { '--matmul_precision': 'low' },
    message: /matmul precision must be 'highest' \(float32\), 'high' .* or 'medium' .*got 'low'/,
  },
  {
    rule: 'the two outputs must differ',
    api: { outputLlvm: 'out.pt', outputModel: 'out.pt' },
    cli: { '--output_llvm': 'out.pt', '--output_model': 'out.pt' },
    message: /same file/,
  },
];
