// The code generator's native tests: hand-built and graph-derived TensorExpr statements are
// compiled to LLVM, JIT-run and compared with libtorch's own evaluator and ATen.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const binary = path.resolve(__dirname, '..', '..', 'build', 'codegen_tests');

describe('TensorExpr -> LLVM code generator (native)', () => {
  it('matches libtorch on every native case', () => {
    expect(fs.existsSync(binary)).toBe(true);
    const result = spawnSync(binary, [], { encoding: 'utf8', timeout: 300_000 });
    const output = `${result.stdout}\n${result.stderr}`;
    if (result.status !== 0) throw new Error(`codegen_tests failed (status ${result.status}):\n${output}`);
    expect(output).toMatch(/\b\d+ passed, 0 failed/);
  });
});
