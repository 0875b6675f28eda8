import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusSize, damagesOf, runDamageSuite, type DamageSet } from '../mrc/damaged-copies.fixture';

/** General header fields (size, version, dimx, dimy, bpp, pixel size, ht, frame header bytes) and the first frame header. */
const HEADER_FIELDS = [0, 1, 3, 4, 7, 8, 11, 12, 16, 36, 40, 48, 49, 51, 255, 256, 260, 280, 304];

const dir = 'tvips/';
const split = ['test_tvips_2345_split_000.tvips', 'test_tvips_2345_split_001.tvips', 'test_tvips_2345_split_002.tvips'].map((f) => dir + f);

const sets: DamageSet[] = [
  ...['test_tvips_2233_000.tvips', 'test_tvips_2345_000.tvips'].map((name) => ({
    files: [dir + name],
    open: name,
    format: 'tvips',
    damages: damagesOf(name, corpusSize(dir + name), 256, HEADER_FIELDS),
  })),
  { files: split, open: 'test_tvips_2345_split_000.tvips', format: 'tvips', damages: damagesOf('test_tvips_2345_split_000.tvips', corpusSize(split[0]!), 256, HEADER_FIELDS) },
  // Later parts have no general header: damage their records, and open the set through them.
  { files: split, open: 'test_tvips_2345_split_001.tvips', format: 'tvips', damages: damagesOf('test_tvips_2345_split_001.tvips', corpusSize(split[1]!), 60, [0, 4, 48, 60, 100]) },
  { files: split, open: 'test_tvips_2345_split_000.tvips', format: 'tvips', damages: damagesOf('test_tvips_2345_split_002.tvips', corpusSize(split[2]!), 60, [0, 48, 199]) },
];

describe('TVIPS: damaged copies', () => {
  runDamageSuite(mkdtempSync(join(tmpdir(), 'stemflow-tvips-fuzz-')), sets);
});
