import { readdirSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { bytesPerElement, product } from '@stemflow/plugin-sdk';
import { describeDataSet } from '../registry';
import { damagedCopies, damages, range, spread, type DamageSet } from '../testing/damaged-copies.fixture';
import { corpus } from '../testing/kit.fixture';

const files = readdirSync(corpus('dm'), { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.dm[34]$/u.test(f))
  .map((f) => corpus(`dm/${f}`))
  .sort();

/** Damage where it matters: the file header, the tag tree around the Data tag, pixels, and the tags after the data. */
function plan(path: string): { set: DamageSet; mustRefuse: string[] } {
  const d = describeDataSet({ path });
  const size = statSync(path).size;
  const dataEnd = d.offset + (d.imageCount ?? 1) * product(d.sigShape) * bytesPerElement(d.dtype);
  const frameBytes = product(d.sigShape) * bytesPerElement(d.dtype);
  const flips = [...range(0, 24), ...spread(24, d.offset - 40, 24), ...range(d.offset - 40, d.offset), d.offset + Math.floor(frameBytes / 2), ...spread(dataEnd, size, 16)];
  const cuts = [1, 8, 16, 23, d.offset / 2, d.offset - 1, d.offset + 1, d.offset + frameBytes / 2, dataEnd - 1, dataEnd + 8, size - 9, size - 1];
  return {
    set: { files: [path], open: basename(path), requests: [{ format: 'dm' }], names: 'file', damages: damages(path, { header: Math.min(d.offset, 4096), flips, cuts }) },
    // Structural damage must be noticed: empty, directory, zeroed header, cuts inside the header or the data.
    mustRefuse: ['empty file', 'a directory in its place', 'header zeroed', 'truncated to 23 bytes', `truncated to ${d.offset - 1} bytes`, `truncated to ${dataEnd - 1} bytes`],
  };
}

describe('DM reader on damaged copies of the shipped files', () => {
  const copies = damagedCopies('stemflow-dm-fuzz-');

  it('finds the shipped DM files', () => expect(files.length).toBe(20));

  it.each(files)('%s: every mutation is refused with the file named, or read completely', async (path) => {
    const { set, mustRefuse } = plan(path);
    const refused = (await copies.check(set)).filter((o) => o.kind === 'refused').map((o) => o.label);
    for (const label of mustRefuse) expect(refused).toContain(label);
  });
});
