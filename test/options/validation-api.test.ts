// compile() rejects invalid options with a UsageError whose message names the rule broken.
import { compile, UsageError } from '../../lib';
import { VALID_API, VALIDATION_CASES } from '../helpers/validation-cases';

describe('compile() option validation', () => {
  test.each(VALIDATION_CASES.map((c) => [c.rule, c] as const))('%s', async (_rule, c) => {
    const promise = compile({ ...VALID_API, ...c.api });
    await expect(promise).rejects.toBeInstanceOf(UsageError);
    await expect(promise).rejects.toThrow(c.message);
  });

  test('each rule has its own message', () => {
    const sources = VALIDATION_CASES.map((c) => c.message.source);
    expect(new Set(sources).size).toBe(sources.length);
  });

  test('dims as arrays are checked like the string form', async () => {
    await expect(compile({ ...VALID_API, inputDims: [[2, 0]] })).rejects.toThrow(/0 is not positive/);
    await expect(compile({ ...VALID_API, inputDims: [[]] })).rejects.toThrow(/input 1: no sizes/);
    await expect(compile({ ...VALID_API, inputDims: [[2, 1.5]] })).rejects.toThrow(/1.5 is not an integer/);
    await expect(compile({ ...VALID_API, inputDims: [] })).rejects.toThrow(/input dims are empty/);
  });

  test('input types as arrays are counted against the inputs', async () => {
    await expect(compile({ ...VALID_API, inputDims: [[2], [3]], inputTypes: ['float'] })).rejects.toThrow(
      /1 input type given for 2 inputs/,
    );
  });

  test("types and formats accept ';' (the original's separator) and ','", async () => {
    for (const inputTypes of ['float;int64;uint8', 'float,int64,uint8']) {
      await expect(
        compile({ ...VALID_API, inputDims: '2;2;2', inputTypes, inputMemoryFormats: 'contiguous,x;contiguous' }),
      ).rejects.toThrow(/unknown memory format 'x' for input 2/);
    }
  });

  test('a missing model file is an error (not a usage error) and names the file', async () => {
    const promise = compile({ ...VALID_API, model: 'no/such/model.pt' });
    await expect(promise).rejects.toThrow('model file not found: no/such/model.pt');
    await expect(promise).rejects.not.toBeInstanceOf(UsageError);
  });
});
