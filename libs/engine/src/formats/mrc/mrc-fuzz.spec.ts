import { basename } from 'node:path';
import { damagedCopies, strictSet } from '../testing/damaged-copies.fixture';
import { corpus } from '../testing/kit.fixture';

/** Header fields of MRC: nx, ny, nz, mode, mx, cell, ispg, nsymbt, exttyp, 'MAP ', machine stamp, end of header. */
const HEADER_FIELDS = [0, 1, 3, 4, 8, 11, 12, 15, 28, 40, 88, 92, 93, 95, 104, 208, 212, 213, 1023, 1024];

const files = ['mrc/de/20241021_00405_movie.mrc', 'mrc/de/Custom_movie.mrc', 'mrc/de/ROI_Random_Scan_movie.mrc', 'mrc/de/HAADFscan.mrc', 'mrc/ncempy/temp.mrc'].map(corpus);
const movie = [files[0]!, corpus('mrc/de/20241021_00405_info.txt')];

const sets = [
  // HAADFscan's FEI2 block starts at 1024: flip its size and version fields too.
  ...files.map((file) => strictSet({ format: 'mrc', files: file === movie[0] ? movie : [file], open: basename(file), damaged: file, header: 1024, flips: [...HEADER_FIELDS, 1025, 1028] })),
  // A damaged DE info file must not stop the movie from being read.
  strictSet({ format: 'mrc', files: movie, open: basename(movie[0]!), damaged: movie[1]!, header: 200, flips: [0, 100, 2000] }),
];

describe('MRC: damaged copies', () => {
  damagedCopies('stemflow-mrc-fuzz-').itEach(sets);
});
