// The inspect command: the ops of a model's method after the passes, and how each is lowered.
import type { Argv } from 'yargs';
import { inspect } from '../../lib/inspect';
import type { InspectResult } from '../../lib/inspect';
import { UsageError } from '../../lib/errors';
import { addCompileFlags } from './compile-command';
import type { CompileArgs } from './compile-command';
import { EXIT_FAILURE, EXIT_OK, reportError } from './exit-codes';
import { printJson, printLine } from './output';

export interface InspectArgs extends CompileArgs {
  graph?: boolean;
}

const STATUS_TEXT = {
  native: 'native (NNC)',
  project: 'project (this package)',
  unsupported: 'UNSUPPORTED',
} as const;

export function inspectBuilder(yargs: Argv): Argv<InspectArgs> {
  return addCompileFlags(
    yargs,
    ['model', 'input-dims', 'input-types', 'input-memory-formats', 'dynamic-dims', 'method-name'],
    'Model and inputs (as for compile):',
  )
    .option('graph', { type: 'boolean', describe: 'also print the graph after the passes' })
    .option('json', { type: 'boolean', describe: 'print the ops (and the graph) as JSON on stdout' })
    .example('$0 inspect --model resnet18.pt --input_dims 1,3,224,224', 'a table of the ops and how each is lowered')
    .example("$0 inspect --model tagger.pt --input_dims '1,16' --input_types int64 --json", 'the same as JSON')
    .epilogue(
      'Status: native = lowered by NNC, project = lowered or rewritten by this package, unsupported = compiling fails on it. ' +
        'Exit code 0 when every op is supported, 1 when some op is unsupported, 2 for a usage error.',
    ) as Argv<InspectArgs>;
}

function printTable(result: InspectResult): void {
  const rows = result.ops.map((op) => [op.kind, String(op.count), STATUS_TEXT[op.status] ?? op.status, String(op.sourceLine ?? '')]);
  const header = ['op', 'count', 'status', 'source'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const format = (r: string[]): string => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd();
  printLine(format(header));
  for (const row of rows) printLine(format(row));
  if (result.unsupported.length > 0) {
    printLine('');
    printLine(`unsupported (${result.unsupported.length}):`);
    for (const op of result.unsupported) printLine(`  ${op.schema || op.kind}${op.sourceLine ? `  at ${op.sourceLine}` : ''}`);
  }
}

export async function runInspect(args: InspectArgs): Promise<number> {
  try {
    if (!args.model) throw new UsageError('missing required option model (--model)');
    const result = await inspect({
      model: args.model,
      inputDims: args['input-dims'] ?? '',
      inputTypes: args['input-types'] || undefined,
      inputMemoryFormats: args['input-memory-formats'] || undefined,
      dynamicDims: args['dynamic-dims'] || undefined,
      methodName: args['method-name'],
    });
    if (args.json) {
      printJson(result);
    } else {
      printTable(result);
      if (args.graph) {
        printLine('');
        printLine(result.graph);
      }
    }
    return result.supported ? EXIT_OK : EXIT_FAILURE;
  } catch (error) {
    return reportError(error);
  }
}
