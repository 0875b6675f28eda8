import { damagedCopies, strictSet } from '../testing/damaged-copies.fixture';
import { corpus } from '../testing/kit.fixture';

/** StreamPix header fields: magic, version, header size, width, height, bit depth, image size, format, frame count, stride, fps, compression. */
const HEADER_FIELDS = [0, 1, 2, 3, 28, 29, 32, 548, 549, 552, 556, 560, 564, 565, 568, 572, 573, 575, 580, 581, 583, 584, 591, 620, 1023, 8191, 8192];
const IMAGE_OFFSET = 8192;

const de = (name: string) => corpus(`seq/de_test/${name}`);
const deFiles = ['test.seq', 'test.seq.Config.Metadata.xml', 'test.seq.dark.mrc', 'test.seq.gain.mrc', 'test.seq.metadata'].map(de);
const pims = corpus('seq/pims/sample_norpix6.seq');
const cel = (name: string) => corpus(`seq/celeritas_256x256_prebuffer1/${name}`);
const top = 'Movie_00785_Top_13-49-04.160.seq';
const bottom = 'Movie_00785_Bottom_13-49-04.196.seq';
const celFiles = [top, bottom, 'Movie_00785.seq.Config.Metadata.xml', 'Movie_00785.seq.dark.mrc', 'Movie_00784.seq.gain.mrc'].map(cel);

const sets = [
  strictSet({ format: 'seq', files: deFiles, open: 'test.seq', damaged: de('test.seq'), header: IMAGE_OFFSET, flips: HEADER_FIELDS }),
  strictSet({ format: 'seq', files: [pims], open: 'sample_norpix6.seq', damaged: pims, header: IMAGE_OFFSET, flips: HEADER_FIELDS }),
  // Side files: a bad reference or configuration must not stop the frames from being read.
  strictSet({ format: 'seq', files: deFiles, open: 'test.seq', damaged: de('test.seq.dark.mrc'), header: 1024, flips: [0, 8, 12, 212, 1024] }),
  strictSet({ format: 'seq', files: deFiles, open: 'test.seq', damaged: de('test.seq.Config.Metadata.xml'), header: 64, flips: [0, 40, 2500, 4000] }),
  strictSet({ format: 'seq-celeritas', files: celFiles, open: top, damaged: cel(top), header: IMAGE_OFFSET, flips: HEADER_FIELDS }),
  strictSet({ format: 'seq-celeritas', files: celFiles, open: top, damaged: cel(bottom), header: IMAGE_OFFSET, flips: HEADER_FIELDS }),
  strictSet({ format: 'seq-celeritas', files: celFiles, open: top, damaged: cel('Movie_00785.seq.Config.Metadata.xml'), header: 64, flips: [0, 40, 2740, 4127, 4128] }),
];

describe('SEQ: damaged copies', () => {
  damagedCopies('stemflow-seq-fuzz-').itEach(sets);
});
