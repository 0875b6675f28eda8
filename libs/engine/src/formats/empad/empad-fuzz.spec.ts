import { statSync } from 'node:fs';
import { damagedCopies, strictSet } from '../testing/damaged-copies.fixture';
import { corpus } from '../testing/kit.fixture';

const map = [corpus('empad/map4x4.xml'), corpus('empad/scan_x4_y4.raw')];
const series = [corpus('empad/stack_images.xml'), corpus('empad/series_x10.raw')];
/** One stored EMPAD frame: 128 × 130 float32. */
const STRIDE = 66560;

/** Positions across the XML text: tags, the raw file name, pix_x/pix_y, scan resolutions, the closing tag. */
function xmlPositions(file: string): number[] {
  const size = statSync(file).size;
  return [0, 1, 5, 20, 100, 600, 1000, 1500, 1508, 1520, 1545, 2000, 3000, 4000, size - 2, size - 1];
}

const sets = [
  strictSet({ format: 'empad', files: map, open: 'map4x4.xml', damaged: map[0]!, header: 64, flips: xmlPositions(map[0]!) }),
  strictSet({ format: 'empad', files: map, open: 'map4x4.xml', damaged: map[1]!, header: STRIDE, flips: [0, 3, STRIDE - 1, STRIDE] }),
  strictSet({ format: 'empad', files: map, open: 'scan_x4_y4.raw', damaged: map[1]!, header: STRIDE, flips: [0, STRIDE] }),
  strictSet({ format: 'empad', files: series, open: 'stack_images.xml', damaged: series[0]!, header: 64, flips: xmlPositions(series[0]!) }),
  strictSet({ format: 'empad', files: series, open: 'series_x10.raw', damaged: series[0]!, header: 64, flips: [0, 300, 400] }),
];

describe('EMPAD: damaged copies', () => {
  damagedCopies('stemflow-empad-fuzz-').itEach(sets);
});
