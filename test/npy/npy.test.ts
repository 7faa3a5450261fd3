// .npy files: what this package writes numpy reads, and what numpy writes this package reads.
import * as fs from 'fs';
import * as path from 'path';
import { decodeNpy, encodeNpy, readNpy, tensor, writeNpy } from '../../lib';
import type { DType, Tensor } from '../../lib';
import { runPython } from '../helpers/python';
import { makeTempDir } from '../helpers/paths';

const SAMPLES: Array<[DType, Tensor]> = [
  ['float32', tensor([[1.5, -2.25, 3], [4, 5, 6e-8]], undefined, 'float32')],
  ['float64', tensor([0.1, -1e300, 2], undefined, 'float64')],
  ['int64', tensor([[-(2n ** 40n), 7n]], undefined, 'int64')],
  ['int32', tensor([[[1]], [[-2]]], undefined, 'int32')],
  ['uint8', tensor([0, 128, 255], undefined, 'uint8')],
  ['bool', tensor([true, false, true, true], [2, 2], 'bool')],
];

function plain(t: Tensor): { shape: number[]; dtype: DType; data: string[] } {
  return { shape: t.shape, dtype: t.dtype, data: Array.from(t.data as ArrayLike<number | bigint>, (v) => String(v)) };
}

describe('.npy reading and writing', () => {
  test.each(SAMPLES)('%s round-trips through encode/decode', (_dtype, t) => {
    expect(plain(decodeNpy(encodeNpy(t)))).toEqual(plain(t));
  });

  test('headers are padded to 64 bytes and end with a newline (format 1.0)', () => {
    const bytes = Buffer.from(encodeNpy(SAMPLES[0][1]));
    const headerLength = bytes.readUInt16LE(8);
    expect(bytes[6]).toBe(1);
    expect((10 + headerLength) % 64).toBe(0);
    expect(bytes[10 + headerLength - 1]).toBe(0x0a);
  });

  test('numpy reads the files this package writes, with the same dtype, shape and values', async () => {
    const dir = makeTempDir('npy-write');
    for (const [dtype, t] of SAMPLES) await writeNpy(path.join(dir, `${dtype}.npy`), t);
    const out = runPython(
      [
        'import json, sys, numpy as np',
        'res = {}',
        "for d in ['float32','float64','int64','int32','uint8','bool']:",
        "    a = np.load(sys.argv[1] + '/' + d + '.npy')",
        "    res[d] = {'dtype': str(a.dtype), 'shape': list(a.shape), 'data': [str(int(v)) if a.dtype.kind in 'iub' else repr(float(v)) for v in a.flatten()]}",
        'print(json.dumps(res))',
      ].join('\n'),
      [dir],
    );
    const read = JSON.parse(out) as Record<string, { dtype: string; shape: number[]; data: string[] }>;
    for (const [dtype, t] of SAMPLES) {
      expect(read[dtype].dtype).toBe(dtype);
      expect(read[dtype].shape).toEqual(t.shape);
      const values = Array.from(t.data as ArrayLike<number | bigint>, (v) => Number(v));
      expect(read[dtype].data.map(Number)).toEqual(values);
    }
  });

  test('this package reads what numpy writes, including format 2.0 and 0-d / empty arrays', async () => {
    const dir = makeTempDir('npy-read');
    runPython(
      [
        'import sys, numpy as np',
        'from numpy.lib import format as f',
        'd = sys.argv[1]',
        "np.save(d + '/a.npy', np.arange(12, dtype=np.float32).reshape(3, 4) / 4)",
        "np.save(d + '/ids.npy', np.array([[3, -1]], dtype=np.int64))",
        "np.save(d + '/scalar.npy', np.array(2.5))",
        "np.save(d + '/empty.npy', np.zeros((0, 3), dtype=np.uint8))",
        "with open(d + '/v2.npy', 'wb') as fh: f.write_array(fh, np.array([True, False]), version=(2, 0))",
        "np.save(d + '/fortran.npy', np.asfortranarray(np.ones((2, 3), dtype=np.float32)))",
        "np.save(d + '/big.npy', np.ones(3, dtype='>f4'))",
        "np.save(d + '/f16.npy', np.ones(3, dtype=np.float16))",
      ].join('\n'),
      [dir],
    );
    const a = await readNpy(path.join(dir, 'a.npy'));
    expect(a.dtype).toBe('float32');
    expect(a.shape).toEqual([3, 4]);
    expect(Array.from(a.data as Float32Array)).toEqual(Array.from({ length: 12 }, (_, i) => i / 4));
    expect(plain(await readNpy(path.join(dir, 'ids.npy')))).toEqual({ shape: [1, 2], dtype: 'int64', data: ['3', '-1'] });
    expect(plain(await readNpy(path.join(dir, 'scalar.npy')))).toEqual({ shape: [], dtype: 'float64', data: ['2.5'] });
    expect(plain(await readNpy(path.join(dir, 'empty.npy')))).toEqual({ shape: [0, 3], dtype: 'uint8', data: [] });
    expect(plain(await readNpy(path.join(dir, 'v2.npy')))).toEqual({ shape: [2], dtype: 'bool', data: ['1', '0'] });
    await expect(readNpy(path.join(dir, 'fortran.npy'))).rejects.toThrow(/fortran\.npy: Fortran-order .*np\.ascontiguousarray/);
    await expect(readNpy(path.join(dir, 'big.npy'))).rejects.toThrow(/big\.npy: big-endian/);
    await expect(readNpy(path.join(dir, 'f16.npy'))).rejects.toThrow(/f16\.npy: unsupported \.npy dtype '<f2'/);
  });

  test('a file that is not .npy, or is truncated, is refused with the file name', async () => {
    const dir = makeTempDir('npy-bad');
    fs.writeFileSync(path.join(dir, 'text.npy'), 'hello world');
    const whole = Buffer.from(encodeNpy(SAMPLES[0][1]));
    fs.writeFileSync(path.join(dir, 'short.npy'), whole.subarray(0, 10 + whole.readUInt16LE(8) + 4));
    await expect(readNpy(path.join(dir, 'text.npy'))).rejects.toThrow(/text\.npy: not a \.npy file/);
    await expect(readNpy(path.join(dir, 'short.npy'))).rejects.toThrow(/short\.npy: truncated \.npy data/);
  });
});
