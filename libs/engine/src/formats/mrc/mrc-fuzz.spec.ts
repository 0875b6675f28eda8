import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { corpusSize, damagesOf, runDamageSuite, type DamageSet } from './damaged-copies.fixture';

/** Header fields of MRC: nx, ny, nz, mode, mx, cell, ispg, nsymbt, exttyp, 'MAP ', machine stamp, end of header. */
const HEADER_FIELDS = [0, 1, 3, 4, 8, 11, 12, 15, 28, 40, 88, 92, 93, 95, 104, 208, 212, 213, 1023, 1024];

const files = ['mrc/de/20241021_00405_movie.mrc', 'mrc/de/Custom_movie.mrc', 'mrc/de/ROI_Random_Scan_movie.mrc', 'mrc/de/HAADFscan.mrc', 'mrc/ncempy/temp.mrc'];
const companions: Record<string, string[]> = { 'mrc/de/20241021_00405_movie.mrc': ['mrc/de/20241021_00405_info.txt'] };

const sets: DamageSet[] = files.map((file) => ({
  files: [file, ...(companions[file] ?? [])],
  open: basename(file),
  format: 'mrc',
  // HAADFscan's FEI2 block starts at 1024: flip its size and version fields too.
  damages: damagesOf(basename(file), corpusSize(file), 1024, [...HEADER_FIELDS, 1025, 1028]),
}));
// A damaged DE info file must not stop the movie from being read.
sets.push({ files: sets[0]!.files, open: basename(files[0]!), format: 'mrc', damages: damagesOf('20241021_00405_info.txt', corpusSize('mrc/de/20241021_00405_info.txt'), 200, [0, 100, 2000]) });

describe('MRC: damaged copies', () => {
  runDamageSuite(mkdtempSync(join(tmpdir(), 'stemflow-mrc-fuzz-')), sets);
});
