import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bytesPerElement, product } from '@stemflow/plugin-sdk';
import { describeDataSet } from '../registry';
import { fuzzCases, range, runFuzzCase, spread, type FuzzPlan } from './fuzz.fixture';

const data = [process.env.STEMFLOW_SHARED_DATA, join(__dirname, '../../../../../../shared/data'), '/work/shared/data'].find((d) => d && existsSync(join(d, 'MANIFEST.json')))!;
const files = readdirSync(join(data, 'dm'), { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.dm[34]$/u.test(f))
  .map((f) => join(data, 'dm', f))
  .sort();

/** Damage where it matters: the file header, the tag tree around the Data tag, pixels, and the tags after the data. */
function plan(path: string): FuzzPlan {
  const d = describeDataSet({ path });
  const size = statSync(path).size;
  const dataEnd = d.offset + (d.imageCount ?? 1) * product(d.sigShape) * bytesPerElement(d.dtype);
  const frameBytes = product(d.sigShape) * bytesPerElement(d.dtype);
  return {
    main: path,
    format: 'dm',
    headerBytes: Math.min(d.offset, 4096),
    flips: [...range(0, 24), ...spread(24, d.offset - 40, 24), ...range(d.offset - 40, d.offset), d.offset + Math.floor(frameBytes / 2), ...spread(dataEnd, size, 16)],
    cuts: [1, 8, 16, 23, d.offset / 2, d.offset - 1, d.offset + 1, d.offset + frameBytes / 2, dataEnd - 1, dataEnd + 8, size - 9, size - 1],
  };
}

describe('DM reader on damaged copies of the shipped files', () => {
  it('finds the shipped DM files', () => expect(files.length).toBe(20));

  it.each(files)('%s: every mutation is refused with the file named, or read completely', (path) => {
    const p = plan(path);
    const outcomes = fuzzCases(p).map((c) => [c.name, runFuzzCase(p, c)] as const);
    const refused = outcomes.filter(([, o]) => o === 'error').map(([n]) => n);
    // Structural damage must be noticed: empty, directory, zeroed header, cuts inside the header or the data.
    for (const must of ['empty file', 'directory with the file name', 'zeroed header', 'truncated to 23 bytes', `truncated to ${p.cuts[5]} bytes`, `truncated to ${p.cuts[8]} bytes`]) {
      expect(refused).toContain(must);
    }
  });
});
