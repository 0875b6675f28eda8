import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { damagedCopies, damages, type DamageCase, type DamageSet } from '../testing/damaged-copies.fixture';
import { corpus } from '../testing/kit.fixture';

/**
 * Damaged copies of every shipped MIB file: truncated, single bytes flipped or digits changed
 * in the header, the header zeroed, an empty file, a directory in its place, a damaged `.hdr`.
 * Each must either read (a changed pixel or time stamp is undetectable) or fail with a
 * StemflowError naming the file: never another exception, never a hang.
 */
const sources = readdirSync(corpus('mib'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.mib'))
  .sort();

function firstBytes(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const out = Buffer.alloc(n);
    return out.subarray(0, readSync(fd, out, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

/** The `.mib` and its `.hdr`, opened with the MIB reader itself (not the registry, which adds the path to messages). */
function setFor(path: string): DamageSet {
  const hdrPath = path.replace(/\.mib$/, '.hdr');
  const [mib, hdr] = [basename(path), basename(hdrPath)];
  const size = statSync(path).size;
  const head = firstBytes(path, 1024).toString('latin1');
  const fields = head.split(',');
  const headerSize = Number(fields[2]);
  const start = (k: number) => fields.slice(0, k).join(',').length + (k > 0 ? 1 : 0);
  // The test may read the small corpus file whole: the second header marks the frame stride.
  const second = readFileSync(path).indexOf('MQ1,', 1, 'latin1');
  const stride = second > 0 ? second : size;
  const digitPositions = [2, 3, 4, 5].flatMap((k) => [start(k), start(k) + fields[k]!.length - 1]);
  const lastField = head.slice(0, head.indexOf('\0')).replace(/,$/, '').lastIndexOf(',') + 1;
  const cuts = [10, headerSize >> 1, headerSize - 1, headerSize, headerSize + 100, stride - 1, stride + 10, size >> 1, size - 1];
  const flips = [0, 1, 2, 3, start(1), ...digitPositions, start(6), start(6) + 2, start(7) + 3, start(8), lastField, headerSize - 1, headerSize, stride];
  const digit = (p: number) => {
    const c = head.charCodeAt(p);
    return c >= 0x30 && c <= 0x39 ? 0x30 + ((c - 0x30 + 1) % 10) : 0x31;
  };
  const extra: DamageCase[] = [
    ...digitPositions.map((at): DamageCase => ({ label: `digit at ${at} changed`, target: mib, damage: { kind: 'patch', at, bytes: [digit(at)] } })),
    { label: 'opened by a truncated .hdr', target: hdr, open: hdr, damage: { kind: 'cut', length: 200 } },
    { label: 'opened by a .hdr with a flipped first byte', target: hdr, open: hdr, damage: { kind: 'flip', at: 0 } },
    { label: 'opened by a .hdr whose .mib is truncated', target: mib, open: hdr, damage: { kind: 'cut', length: headerSize + 10 } },
    { label: 'opened by an empty .hdr', target: hdr, open: hdr, damage: { kind: 'cut', length: 0 } },
    { label: 'opened by its .hdr with a damaged frame count', target: hdr, open: hdr, damage: { kind: 'text', text: 'HDR,\t\r\nFrames in Acquisition (Number):\t99999999999\r\nFrames per Trigger (Number):\t0\r\nEnd\t' } },
  ];
  return { files: [path, hdrPath], open: mib, reader: 'mib', names: 'file', maxMs: 2000, damages: [...damages(path, { header: headerSize, flips, cuts }), ...extra] };
}

describe('MIB reader on damaged files', () => {
  const copies = damagedCopies('stemflow-mib-fuzz-');

  it('finds the shipped MIB files', () => expect(sources.length).toBe(22));

  it.each(sources)('%s', async (source) => {
    await copies.check(setFor(corpus(`mib/${source}`)));
  });
});
