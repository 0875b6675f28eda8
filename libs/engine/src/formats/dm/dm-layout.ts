import { StemflowError } from '@stemflow/plugin-sdk';
import type { DmImage } from './dm-image';
import type { DmTagFile } from './dm-tags';
import { child, groupAt, tagString } from './dm-tree';

/**
 * How frames lie in the image's Data array:
 * - 'c': frame after frame (NumPy C order of the reversed Dimensions). 2-D images, 3-D stacks,
 *   and 4-D data saved by newer GMS, which sets ImageTags/Meta Data/Data Order Swapped = 1.
 * - 'transposed': older 4-D STEM files, stored (sig, nav): for each detector pixel, the values
 *   at every scan position (LiberTEM's "F/C-hybrid" layout, which it refuses).
 */
export type DmOrder = 'c' | 'transposed';

export interface DmLayout {
  order: DmOrder;
  /** Scan shape stored in the file, slowest first; [] for a single 2-D image. */
  nav: number[];
  sig: [number, number];
}

/** Axis lengths of Dimensions (x, y, …) in NumPy order, with the user's `order` if given. */
export function dmLayout(file: DmTagFile, image: DmImage, requested: unknown): DmLayout {
  const numpy = [...image.dims].reverse();
  if (requested !== undefined && requested !== 'c' && requested !== 'transposed') {
    throw new StemflowError('SHAPE_MISMATCH', `params.order must be "c" or "transposed", got ${JSON.stringify(requested)}`);
  }
  const order = requested ?? storedOrder(file, image);
  if (order === 'transposed') {
    if (image.dims.length !== 4) throw new StemflowError('SHAPE_MISMATCH', `${file.path}: order "transposed" applies to 4-D data only; this image has ${image.dims.length} axes`);
    // Read as C order the array is (sy, sx, ny, nx): the slow pair is the detector.
    return { order, nav: numpy.slice(2), sig: [numpy[0]!, numpy[1]!] };
  }
  return { order, nav: numpy.slice(0, -2), sig: [numpy[numpy.length - 2]!, numpy[numpy.length - 1]!] };
}

function storedOrder(file: DmTagFile, image: DmImage): DmOrder {
  if (image.dims.length !== 4) return 'c';
  const tag = child(groupAt(image.group, 'ImageTags/Meta Data'), 'Data Order Swapped');
  // Usually a boolean; some writers store it as text ("1"/"0").
  const swapped = typeof tag === 'number' ? tag : Number(tagString(tag, file.littleEndian) ?? Number.NaN);
  if (Number.isFinite(swapped)) return swapped ? 'c' : 'transposed';
  throw new StemflowError(
    'FORMAT_UNKNOWN',
    `${file.path} holds 4-D data (${image.dims.join(' × ')}, fastest first) without the "Data Order Swapped" tag, so its frame layout is unknown: ` +
      `older GMS versions store 4-D STEM data as (detector, scan). Open it with params {"order": "transposed"} for that layout, ` +
      `or {"order": "c"} if it was saved frame after frame`,
  );
}
