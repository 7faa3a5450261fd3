// Tensor creation, seeded random inputs and the comparison used as the test oracle.
import { compareTensors, mulberry32, randomInputs, tensor } from '../../lib';

describe('tensor()', () => {
  test('converts plain and nested arrays to the dtype\'s TypedArray', () => {
    expect(tensor([[1, 2], [3, 4]]).data).toEqual(new Float32Array([1, 2, 3, 4]));
    expect(tensor([[1, 2], [3, 4]]).shape).toEqual([2, 2]);
    expect(tensor([1, 2], [2], 'float64').data).toBeInstanceOf(Float64Array);
    expect(tensor([1, 2], [2], 'int64').data).toEqual(new BigInt64Array([1n, 2n]));
    expect(tensor([1, 2], [2], 'int32').data).toBeInstanceOf(Int32Array);
    expect(tensor([0, 255], [2], 'uint8').data).toEqual(new Uint8Array([0, 255]));
    expect(tensor([true, false, 3], [3], 'bool').data).toEqual(new Uint8Array([1, 0, 1]));
  });

  test('rejects mismatched shapes, ragged arrays, wrong TypedArrays and non-integers for int64', () => {
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(/needs 4 elements, data has 3/);
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => tensor(new Float64Array(2), [2], 'float32')).toThrow(/must be a Float32Array/);
    expect(() => tensor([1.5], [1], 'int64')).toThrow(/not an integer/);
  });
});

describe('seeded random inputs', () => {
  const specs = [
    { sizes: [2, 3], dtype: 'float32' as const },
    { sizes: [0, 4], dtype: 'int64' as const },
    { sizes: [5], dtype: 'uint8' as const },
  ];

  test('the same seed gives the same data; another seed does not', () => {
    const a = randomInputs(specs, 42);
    const b = randomInputs(specs, 42);
    const c = randomInputs(specs, 43);
    expect(a).toEqual(b);
    expect(a[0].data).not.toEqual(c[0].data);
  });

  test('dynamic dims take the given size, values stay in range', () => {
    const [f, i, u] = randomInputs(specs, 1, { dynamicSize: 3 });
    expect(i.shape).toEqual([3, 4]);
    expect(Array.from(f.data as Float32Array).every((v) => v >= -1 && v < 1)).toBe(true);
    expect(Array.from(i.data as BigInt64Array).every((v) => v >= 0n && v < 10n)).toBe(true);
    expect(u.data).toBeInstanceOf(Uint8Array);
  });

  test('mulberry32 is deterministic and in [0, 1)', () => {
    const r = mulberry32(7);
    const values = Array.from({ length: 1000 }, r);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(mulberry32(7)()).toBe(values[0]);
  });
});

describe('compareTensors()', () => {
  test('reports max abs and relative error (relative to max |expected|)', () => {
    const c = compareTensors(tensor([1, -4, 2]), tensor([1, -4, 2.5]));
    expect(c.maxAbsError).toBeCloseTo(0.5);
    expect(c.maxRelError).toBeCloseTo(0.125);
    expect(c.worstIndex).toBe(2);
    expect(c.shapeMismatch || c.dtypeMismatch).toBe(false);
  });

  test('flags shape and dtype mismatches and NaN differences', () => {
    expect(compareTensors(tensor([1, 2]), tensor([1, 2], [1, 2])).shapeMismatch).toBe(true);
    expect(compareTensors(tensor([1, 2]), tensor([1, 2], [2], 'float64')).dtypeMismatch).toBe(true);
    expect(compareTensors(tensor([NaN]), tensor([NaN])).maxAbsError).toBe(0);
    expect(compareTensors(tensor([1]), tensor([NaN])).maxAbsError).toBe(Infinity);
  });
});
