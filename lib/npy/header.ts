// The .npy header: magic, version (1.0, 2.0 or 3.0), and the Python dict literal
// {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } padded to a multiple of 64 bytes.

export const NPY_MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  /** Offset of the data: magic, version, length field and header text. */
  dataOffset: number;
}

function field(text: string, key: string, pattern: string): RegExpExecArray {
  const match = new RegExp(`['"]${key}['"]\\s*:\\s*${pattern}`).exec(text);
  if (!match) throw new Error(`.npy header has no valid '${key}': ${text.trim()}`);
  return match;
}

/** Parses the header at the start of `buffer`. */
export function parseHeader(buffer: Buffer): NpyHeader {
  if (buffer.length < 10 || !buffer.subarray(0, 6).equals(NPY_MAGIC)) {
    throw new Error('not a .npy file (bad magic)');
  }
  const major = buffer[6];
  let headerLength: number;
  let start: number;
  if (major === 1) {
    headerLength = buffer.readUInt16LE(8);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (buffer.length < 12) throw new Error('truncated .npy header');
    headerLength = buffer.readUInt32LE(8);
    start = 12;
  } else {
    throw new Error(`unsupported .npy format version ${major}.${buffer[7]}`);
  }
  if (buffer.length < start + headerLength) throw new Error('truncated .npy header');
  const text = buffer.subarray(start, start + headerLength).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = field(text, 'descr', `['"]([^'"]+)['"]`)[1];
  const fortranOrder = field(text, 'fortran_order', '(True|False)')[1] === 'True';
  const shapeText = field(text, 'shape', '\\(([^)]*)\\)')[1];
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const n = Number(s.replace(/L$/, ''));
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`.npy header has a bad size '${s}' in its shape`);
      return n;
    });
  return { descr, fortranOrder, shape, dataOffset: start + headerLength };
}

/** The header bytes for `descr` and `shape` (C order): version 1.0, or 2.0 when it is long. */
export function formatHeader(descr: string, shape: readonly number[]): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  for (const [major, lengthBytes] of [
    [1, 2],
    [2, 4],
  ] as const) {
    const prefix = 6 + 2 + lengthBytes;
    const unpadded = prefix + dict.length + 1; // + '\n'
    const total = Math.ceil(unpadded / 64) * 64;
    const headerLength = total - prefix;
    if (major === 1 && headerLength > 0xffff) continue;
    const out = Buffer.alloc(total, 0x20);
    NPY_MAGIC.copy(out, 0);
    out[6] = major;
    out[7] = 0;
    if (lengthBytes === 2) out.writeUInt16LE(headerLength, 8);
    else out.writeUInt32LE(headerLength, 8);
    out.write(dict, prefix, 'latin1');
    out[total - 1] = 0x0a;
    return out;
  }
  throw new Error('.npy header too long');
}
