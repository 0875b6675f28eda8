import { damagedCopies, strictSet } from '../testing/damaged-copies.fixture';
import { corpus } from '../testing/kit.fixture';

/** General header fields (size, version, dimx, dimy, bpp, pixel size, ht, frame header bytes) and the first frame header. */
const HEADER_FIELDS = [0, 1, 3, 4, 7, 8, 11, 12, 16, 36, 40, 48, 49, 51, 255, 256, 260, 280, 304];

const tvips = (name: string) => corpus(`tvips/${name}`);
const split = ['test_tvips_2345_split_000.tvips', 'test_tvips_2345_split_001.tvips', 'test_tvips_2345_split_002.tvips'].map(tvips);

const sets = [
  ...['test_tvips_2233_000.tvips', 'test_tvips_2345_000.tvips'].map((name) => strictSet({ format: 'tvips', files: [tvips(name)], open: name, damaged: tvips(name), header: 256, flips: HEADER_FIELDS })),
  strictSet({ format: 'tvips', files: split, open: 'test_tvips_2345_split_000.tvips', damaged: split[0]!, header: 256, flips: HEADER_FIELDS }),
  // Later parts have no general header: damage their records, and open the set through them.
  strictSet({ format: 'tvips', files: split, open: 'test_tvips_2345_split_001.tvips', damaged: split[1]!, header: 60, flips: [0, 4, 48, 60, 100] }),
  strictSet({ format: 'tvips', files: split, open: 'test_tvips_2345_split_000.tvips', damaged: split[2]!, header: 60, flips: [0, 48, 199] }),
];

describe('TVIPS: damaged copies', () => {
  damagedCopies('stemflow-tvips-fuzz-').itEach(sets);
});
