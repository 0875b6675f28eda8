import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fuzzCases, range, runFuzzCase, spread, type FuzzPlan } from '../dm/fuzz.fixture';
import { readOffsets, readSerHeader } from './ser-header';

const data = [process.env.STEMFLOW_SHARED_DATA, join(__dirname, '../../../../../../shared/data'), '/work/shared/data'].find((d) => d && existsSync(join(d, 'MANIFEST.json')))!;
const shipped = readdirSync(join(data, 'ser'), { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(ser|emi)$/u.test(f))
  .map((f) => join(data, 'ser', f))
  .sort();
const serFiles = shipped.filter((f) => f.endsWith('.ser'));
const emiFiles = shipped.filter((f) => f.endsWith('.emi'));

/** Files of the same acquisition (`name.emi`, `name_N.ser`) with the given extension, copied unchanged beside the damaged one. */
function siblings(path: string, ext: '.ser' | '.emi'): string[] {
  const stem = (f: string) => basename(f).replace(/(_\d+)?\.(ser|emi)$/u, '');
  return shipped.filter((f) => f !== path && f.endsWith(ext) && dirname(f) === dirname(path) && stem(f) === stem(path));
}

/** Damage the series header, the offset table, the first element's header, pixels and time tags. */
function serPlan(path: string): FuzzPlan {
  const size = statSync(path).size;
  const h = tryHeader(path);
  if (!h) return { main: path, companions: siblings(path, '.emi'), format: 'ser', headerBytes: 30, flips: range(0, 30), cuts: [1, 5, 29, size - 1] };
  const [first] = readOffsets(h, 'data', 1);
  const [tag] = readOffsets(h, 'tag', 1);
  const w = h.offsetBytes;
  return {
    main: path,
    companions: siblings(path, '.emi'),
    format: 'ser',
    headerBytes: h.headerEnd,
    flips: [...range(0, 34), ...spread(34, h.headerEnd, 16), ...range(h.offsetArrayOffset, h.offsetArrayOffset + 2 * w), ...range(h.offsetArrayOffset + h.totalElements * w, h.offsetArrayOffset + h.totalElements * w + w), ...range(first!, first! + 50), first! + 50 + 7, ...range(tag!, tag! + 8)],
    cuts: [1, 5, 29, h.headerEnd - 1, h.offsetArrayOffset + 2, h.offsetArrayOffset + h.totalElements * w, first! + 25, first! + 50 + (size - first!) / 4, size - 9, size - 1],
  };
}

function tryHeader(path: string) {
  try {
    return readSerHeader(path);
  } catch {
    return undefined; // the EDS spectra: refused whole, damaged only at the header
  }
}

function emiPlan(path: string): FuzzPlan {
  const size = statSync(path).size;
  return { main: path, companions: siblings(path, '.ser'), format: 'ser', headerBytes: 512, flips: spread(0, size, 24), cuts: [1, ...spread(1, size, 8), size - 1] };
}

describe('SER reader on damaged copies of the shipped files', () => {
  it('finds the shipped SER and EMI files', () => {
    expect(serFiles.length).toBe(5);
    expect(emiFiles.length).toBe(4);
  });

  it.each(serFiles)('%s: every mutation is refused with the file named, or read completely', (path) => {
    const plan = serPlan(path);
    const outcomes = fuzzCases(plan).map((c) => [c.name, runFuzzCase(plan, c)] as const);
    const refused = outcomes.filter(([, o]) => o === 'error').map(([n]) => n);
    // The time tag after the last element is optional, so only cuts into the header and the first element must be noticed.
    const musts = ['empty file', 'directory with the file name', 'zeroed header', 'truncated to 29 bytes'];
    if (!path.endsWith('EDS_1.ser')) musts.push(...plan.cuts.slice(3, 8).map((n) => `truncated to ${Math.floor(n)} bytes`));
    for (const must of musts) expect(refused).toContain(must);
  });

  it.each(emiFiles)('%s (as the path opened): damage to the .emi never breaks reading', (path) => {
    const plan = emiPlan(path);
    const outcomes = fuzzCases(plan).map((c) => [c.name, runFuzzCase(plan, c)] as const);
    // The .emi holds only metadata: a damaged one still opens its series, or is refused cleanly.
    expect(outcomes.filter(([, o]) => o === 'data').length).toBeGreaterThan(0);
  });
});
