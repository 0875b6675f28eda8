import { readdirSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { damagedCopies, damages, range, spread, type DamageSet } from '../testing/damaged-copies.fixture';
import { corpus } from '../testing/kit.fixture';
import { readOffsets, readSerHeader } from './ser-header';

const shipped = readdirSync(corpus('ser'), { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(ser|emi)$/u.test(f))
  .map((f) => corpus(`ser/${f}`))
  .sort();
const serFiles = shipped.filter((f) => f.endsWith('.ser'));
const emiFiles = shipped.filter((f) => f.endsWith('.emi'));

/** Files of the same acquisition (`name.emi`, `name_N.ser`) with the given extension, copied unchanged beside the damaged one. */
function siblings(path: string, ext: '.ser' | '.emi'): string[] {
  const stem = (f: string) => basename(f).replace(/(_\d+)?\.(ser|emi)$/u, '');
  return shipped.filter((f) => f !== path && f.endsWith(ext) && dirname(f) === dirname(path) && stem(f) === stem(path));
}

/** The damaged file opened with its siblings beside it; a refusal names the file. */
function setOf(path: string, ext: '.ser' | '.emi', o: { header: number; flips: number[]; cuts: number[] }): DamageSet {
  return { files: [path, ...siblings(path, ext)], open: basename(path), requests: [{ format: 'ser' }], names: 'file', damages: damages(path, o) };
}

/** Damage the series header, the offset table, the first element's header, pixels and time tags. */
function serPlan(path: string): { set: DamageSet; cuts: number[] } {
  const size = statSync(path).size;
  const h = tryHeader(path);
  if (!h) {
    const cuts = [1, 5, 29, size - 1];
    return { set: setOf(path, '.emi', { header: 30, flips: range(0, 30), cuts }), cuts };
  }
  const [first] = readOffsets(h, 'data', 1);
  const [tag] = readOffsets(h, 'tag', 1);
  const w = h.offsetBytes;
  const flips = [...range(0, 34), ...spread(34, h.headerEnd, 16), ...range(h.offsetArrayOffset, h.offsetArrayOffset + 2 * w), ...range(h.offsetArrayOffset + h.totalElements * w, h.offsetArrayOffset + h.totalElements * w + w), ...range(first!, first! + 50), first! + 50 + 7, ...range(tag!, tag! + 8)];
  const cuts = [1, 5, 29, h.headerEnd - 1, h.offsetArrayOffset + 2, h.offsetArrayOffset + h.totalElements * w, first! + 25, first! + 50 + (size - first!) / 4, size - 9, size - 1];
  return { set: setOf(path, '.emi', { header: h.headerEnd, flips, cuts }), cuts };
}

function tryHeader(path: string) {
  try {
    return readSerHeader(path);
  } catch {
    return undefined; // the EDS spectra: refused whole, damaged only at the header
  }
}

function emiSet(path: string): DamageSet {
  const size = statSync(path).size;
  return setOf(path, '.ser', { header: 512, flips: spread(0, size, 24), cuts: [1, ...spread(1, size, 8), size - 1] });
}

describe('SER reader on damaged copies of the shipped files', () => {
  const copies = damagedCopies('stemflow-ser-fuzz-');

  it('finds the shipped SER and EMI files', () => {
    expect(serFiles.length).toBe(5);
    expect(emiFiles.length).toBe(4);
  });

  it.each(serFiles)('%s: every mutation is refused with the file named, or read completely', async (path) => {
    const { set, cuts } = serPlan(path);
    const refused = (await copies.check(set)).filter((o) => o.kind === 'refused').map((o) => o.label);
    // The time tag after the last element is optional, so only cuts into the header and the first element must be noticed.
    const musts = ['empty file', 'a directory in its place', 'header zeroed', 'truncated to 29 bytes'];
    if (!path.endsWith('EDS_1.ser')) musts.push(...cuts.slice(3, 8).map((n) => `truncated to ${Math.floor(n)} bytes`));
    for (const must of musts) expect(refused).toContain(must);
  });

  it.each(emiFiles)('%s (as the path opened): damage to the .emi never breaks reading', async (path) => {
    const outcomes = await copies.check(emiSet(path));
    // The .emi holds only metadata: a damaged one still opens its series, or is refused cleanly.
    expect(outcomes.filter((o) => o.kind === 'data').length).toBeGreaterThan(0);
  });
});
