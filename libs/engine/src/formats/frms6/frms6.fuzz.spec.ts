import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { damagedCopies, damages } from '../testing/damaged-copies.fixture';
import { tempDir } from '../testing/kit.fixture';

/** Damaged copies of a generated FRMS6 set: data or a StemflowError naming the folder, never a crash. */
const dir = tempDir('stemflow-frms6fuzz-');

function frms6File(path: string, frames: number): void {
  const header = Buffer.alloc(1024);
  header.writeUInt16LE(1024, 0);
  header.writeUInt16LE(64, 2);
  header.writeUInt8(6, 7);
  header.writeUInt16LE(8, 88);
  header.writeUInt16LE(4, 90);
  header.writeUInt32LE(frames, 1020);
  const body = Buffer.alloc(frames * (64 + 64), 0x11);
  writeFileSync(path, Buffer.concat([header, body]));
}

const hdr = join(dir, 'm.hdr');
writeFileSync(hdr, '[measurementInfo]\nreadoutmode="bin: 1, windowing: 264 x 264"\nstemimagesize=2x2\ndwelltimemicroseconds=10\n');
frms6File(join(dir, 'm_000.frms6'), 2);
frms6File(join(dir, 'm_001.frms6'), 4);
const files = [hdr, join(dir, 'm_000.frms6'), join(dir, 'm_001.frms6')];

describe('FRMS6 reader on damaged files', () => {
  const copies = damagedCopies('stemflow-frms6-fuzz-');

  it.each(files)('%s', async (target) => {
    const size = target.endsWith('.hdr') ? 100 : 1024 + 4 * 128;
    const header = [0, 1, 2, 3, 7, 20, 88, 89, 90, 91, 1020, 1021, 1023, 1030];
    const list = damages(target, { size, header: Math.max(...header, 64) + 1, flips: header, cuts: [1, 10, 40, 90, 512, 1023, 1100, size - 1] });
    const outcomes = await copies.check({ files, open: 'm_001.frms6', damages: list, requests: [{ params: { darkCorrection: !target.endsWith('_000.frms6') } }] });
    expect(outcomes).toHaveLength(list.length);
    expect(outcomes.filter((o) => o.kind === 'refused').length).toBeGreaterThan(3);
  });
});
