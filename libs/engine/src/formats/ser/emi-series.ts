import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { StemflowError } from '@stemflow/plugin-sdk';
import { fileSize, readBytes } from '../file-io';
import { ELEMENT_1D } from './ser-header';

/**
 * The image series of an `.emi` path: TIA names its data `name_1.ser`, `name_2.ser`, … beside
 * `name.emi`. Spectrum series (1-D elements) are left out; exactly one must remain, otherwise
 * the user opens the .ser they mean.
 */
export function serForEmi(emiPath: string): string {
  fileSize(emiPath); // a missing file or a directory gets the usual message
  const stem = basename(emiPath).replace(/\.emi$/iu, '');
  const dir = dirname(emiPath);
  const series = readdirSync(dir)
    .filter((name) => name.startsWith(`${stem}_`) && /^_\d+\.ser$/iu.test(name.slice(stem.length)))
    .sort()
    .map((name) => join(dir, name));
  const images = series.filter((path) => !isSpectrumSeries(path));
  if (images.length === 1) return images[0]!;
  if (images.length === 0) {
    throw new StemflowError('NOT_FOUND', `${emiPath}: no image series beside it (looked for ${stem}_N.ser with 2-D frames${series.length ? `; found only spectra: ${series.map((s) => basename(s)).join(', ')}` : ''})`);
  }
  throw new StemflowError('SHAPE_MISMATCH', `${emiPath} has several image series: ${images.map((s) => basename(s)).join(', ')}; open one of them by its .ser path`);
}

/** Only the element type is looked at: a damaged image series still gets its own error later. */
function isSpectrumSeries(path: string): boolean {
  const head = readBytes(path, 0, 10);
  return head.length === 10 && new DataView(head.buffer, head.byteOffset, 10).getUint32(6, true) === ELEMENT_1D;
}
