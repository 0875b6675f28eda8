import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusSize, damagesOf, runDamageSuite, type DamageSet } from '../mrc/damaged-copies.fixture';

const map = ['empad/map4x4.xml', 'empad/scan_x4_y4.raw'];
const series = ['empad/stack_images.xml', 'empad/series_x10.raw'];
/** One stored EMPAD frame: 128 × 130 float32. */
const STRIDE = 66560;

/** Positions across the XML text: tags, the raw file name, pix_x/pix_y, scan resolutions, the closing tag. */
function xmlPositions(size: number): number[] {
  return [0, 1, 5, 20, 100, 600, 1000, 1500, 1508, 1520, 1545, 2000, 3000, 4000, size - 2, size - 1];
}

const sets: DamageSet[] = [
  { files: map, open: 'map4x4.xml', format: 'empad', damages: damagesOf('map4x4.xml', corpusSize(map[0]!), 64, xmlPositions(corpusSize(map[0]!))) },
  { files: map, open: 'map4x4.xml', format: 'empad', damages: damagesOf('scan_x4_y4.raw', corpusSize(map[1]!), STRIDE, [0, 3, STRIDE - 1, STRIDE]) },
  { files: map, open: 'scan_x4_y4.raw', format: 'empad', damages: damagesOf('scan_x4_y4.raw', corpusSize(map[1]!), STRIDE, [0, STRIDE]) },
  { files: series, open: 'stack_images.xml', format: 'empad', damages: damagesOf('stack_images.xml', corpusSize(series[0]!), 64, xmlPositions(corpusSize(series[0]!))) },
  { files: series, open: 'series_x10.raw', format: 'empad', damages: damagesOf('stack_images.xml', corpusSize(series[0]!), 64, [0, 300, 400]) },
];

describe('EMPAD: damaged copies', () => {
  runDamageSuite(mkdtempSync(join(tmpdir(), 'stemflow-empad-fuzz-')), sets);
});
