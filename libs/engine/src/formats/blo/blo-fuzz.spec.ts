import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { damagedCopies, damages, type DamageSet } from '../testing/damaged-copies.fixture';
import { corpus } from '../testing/kit.fixture';

/**
 * Damaged copies of every shipped block file: truncated (in the header, the note, the VBF image,
 * a pattern), single bytes flipped across the header and the first frame header, the header
 * zeroed, an empty file and a directory in its place. Each must read (a changed pixel or
 * calibration is undetectable) or fail with a StemflowError naming the file; nothing else.
 */
const sources = ['test1.blo', 'test2.blo'];

function bytesAt(path: string, position: number, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const out = Buffer.alloc(n);
    return out.subarray(0, readSync(fd, out, 0, n, position));
  } finally {
    closeSync(fd);
  }
}

/** Opened with the BLO reader itself, its descriptor serialised too. */
function setFor(path: string): DamageSet {
  const size = statSync(path).size;
  const dataOffset = bytesAt(path, 12, 4).readUInt32LE(0);
  const dp = bytesAt(path, 20, 2).readUInt16LE(0);
  const stride = 6 + dp * dp;
  const cuts = [3, 10, 100, 239, 240, 300, 4096, dataOffset + 3, dataOffset + 6 + (stride >> 1), size >> 1, size - 1];
  const headerFlips = [0, 5, 6, 7, 8, 11, 12, 13, 15, 20, 21, 22, 24, 25, 26, 27, 28, 30, 37, 45, 46, 50, 52, 56, 63, 100, 240];
  const dataFlips = [4096, dataOffset, dataOffset + 1, dataOffset + 2, dataOffset + 5, dataOffset + 6, dataOffset + stride, size - 1];
  return { files: [path], open: basename(path), reader: 'blo', names: 'file', maxMs: 2000, json: true, damages: damages(path, { header: 240, flips: [...headerFlips, ...dataFlips], cuts }) };
}

describe('BLO reader on damaged files', () => {
  const copies = damagedCopies('stemflow-blo-fuzz-');

  it.each(sources)('%s', async (source) => {
    await copies.check(setFor(corpus(`blo/${source}`)));
  });
});
