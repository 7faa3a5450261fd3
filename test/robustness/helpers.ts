// Shared by the robustness tests: compile options writing into a temp dir, CLI checks,
// and what a directory holds.
import * as fs from 'fs';
import * as path from 'path';
import type { CompileOptions } from '../../lib';
import type { ProcessResult } from '../helpers/cli';
import { fixtureModel } from '../helpers/paths';

/** Options compiling fixture `name` with outputs out.compiled.{ll,pt,o,d.ts} in `dir`. */
export function optionsIn(dir: string, name: string, inputDims: string): CompileOptions {
  return {
    model: fixtureModel(name),
    modelName: name,
    modelVersion: 'v1',
    inputDims,
    outputLlvm: path.join(dir, 'out.compiled.ll'),
    outputModel: path.join(dir, 'out.compiled.pt'),
  };
}

/** The CLI flags for the same compile. */
export function cliFlags(options: CompileOptions): string[] {
  return [
    `--model=${options.model}`,
    `--model_name=${options.modelName}`,
    `--model_version=${options.modelVersion}`,
    `--input_dims=${String(options.inputDims)}`,
    ...(typeof options.dynamicDims === 'string' ? [`--dynamic_dims=${options.dynamicDims}`] : []),
    ...(options.outputLlvm ? [`--output_llvm=${options.outputLlvm}`] : []),
    ...(options.outputModel ? [`--output_model=${options.outputModel}`] : []),
  ];
}

/** A failed CLI compile: exit `code`, one `error: <message>` on stderr, no stack trace, nothing on stdout. */
export function expectCliFailure(result: ProcessResult, message: RegExp, code = 1): void {
  expect(result.stderr).toMatch(/^error: \S/);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at .*\.(js|ts):\d+/);
  expect(result.stdout).toBe('');
  expect(result.code).toBe(code);
}

/** File name -> contents of every file in `dir`. */
export function snapshotDir(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of fs.readdirSync(dir).sort()) files.set(name, fs.readFileSync(path.join(dir, name)));
  return files;
}

/** Temporary files the compiler writes before renaming them into place. */
export function temporaryFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => /\.tmp-/.test(name));
}

/**
 * An Error, from any realm: the addon's errors are made in Node's main context, not in the
 * test's (jest runs tests in a vm context with its own Error).
 */
export function isError(value: unknown): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}
