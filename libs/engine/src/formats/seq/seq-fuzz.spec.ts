import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusSize, damagesOf, runDamageSuite, type DamageSet } from '../mrc/damaged-copies.fixture';

/** StreamPix header fields: magic, version, header size, width, height, bit depth, image size, format, frame count, stride, fps, compression. */
const HEADER_FIELDS = [0, 1, 2, 3, 28, 29, 32, 548, 549, 552, 556, 560, 564, 565, 568, 572, 573, 575, 580, 581, 583, 584, 591, 620, 1023, 8191, 8192];
const IMAGE_OFFSET = 8192;

const de = 'seq/de_test/';
const deFiles = ['test.seq', 'test.seq.Config.Metadata.xml', 'test.seq.dark.mrc', 'test.seq.gain.mrc', 'test.seq.metadata'].map((f) => de + f);
const cel = 'seq/celeritas_256x256_prebuffer1/';
const top = 'Movie_00785_Top_13-49-04.160.seq';
const bottom = 'Movie_00785_Bottom_13-49-04.196.seq';
const celFiles = [top, bottom, 'Movie_00785.seq.Config.Metadata.xml', 'Movie_00785.seq.dark.mrc', 'Movie_00784.seq.gain.mrc'].map((f) => cel + f);

const sets: DamageSet[] = [
  { files: deFiles, open: 'test.seq', format: 'seq', damages: damagesOf('test.seq', corpusSize(`${de}test.seq`), IMAGE_OFFSET, HEADER_FIELDS) },
  { files: ['seq/pims/sample_norpix6.seq'], open: 'sample_norpix6.seq', format: 'seq', damages: damagesOf('sample_norpix6.seq', corpusSize('seq/pims/sample_norpix6.seq'), IMAGE_OFFSET, HEADER_FIELDS) },
  // Side files: a bad reference or configuration must not stop the frames from being read.
  { files: deFiles, open: 'test.seq', format: 'seq', damages: damagesOf('test.seq.dark.mrc', corpusSize(`${de}test.seq.dark.mrc`), 1024, [0, 8, 12, 212, 1024]) },
  { files: deFiles, open: 'test.seq', format: 'seq', damages: damagesOf('test.seq.Config.Metadata.xml', corpusSize(`${de}test.seq.Config.Metadata.xml`), 64, [0, 40, 2500, 4000]) },
  { files: celFiles, open: top, format: 'seq-celeritas', damages: damagesOf(top, corpusSize(cel + top), IMAGE_OFFSET, HEADER_FIELDS) },
  { files: celFiles, open: top, format: 'seq-celeritas', damages: damagesOf(bottom, corpusSize(cel + bottom), IMAGE_OFFSET, HEADER_FIELDS) },
  { files: celFiles, open: top, format: 'seq-celeritas', damages: damagesOf('Movie_00785.seq.Config.Metadata.xml', corpusSize(`${cel}Movie_00785.seq.Config.Metadata.xml`), 64, [0, 40, 2740, 4127, 4128]) },
];

describe('SEQ: damaged copies', () => {
  runDamageSuite(mkdtempSync(join(tmpdir(), 'stemflow-seq-fuzz-')), sets);
});
