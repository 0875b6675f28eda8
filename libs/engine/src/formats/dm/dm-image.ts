import { formatCount, product, StemflowError } from '@stemflow/plugin-sdk';
import type { DmArray, DmGroup, DmTagFile } from './dm-tags';
import { child, groupAt, listGroups, listNumbers, numberAt, stringAt } from './dm-tree';
import { pixelType, refusedPixelType, type DmPixelType } from './dm-types';

/** One entry of the file's ImageList, checked for consistency. */
export interface DmImage {
  /** Position in ImageList (0-based, as the Thumbnails list counts). */
  index: number;
  /** Axis lengths as stored: fastest first (x, y, then frames / scan axes). */
  dims: number[];
  dataType: number;
  pixel?: DmPixelType;
  data: DmArray;
  /** The ImageList item: ImageData, ImageTags, Name. */
  group: DmGroup;
  /** Listed in Thumbnails: skipped unless asked for by `imageIndex`. */
  thumbnail: boolean;
  /** Why this image cannot be read as frames, if it cannot; `corrupt` when its sizes contradict each other. */
  unusable?: { reason: string; corrupt: boolean };
}

export function listImages(file: DmTagFile): DmImage[] {
  const thumbnails = new Set(listGroups(groupAt(file.root, 'Thumbnails')).map((t) => numberAt(t, 'ImageIndex')));
  const images: DmImage[] = [];
  listGroups(groupAt(file.root, 'ImageList')).forEach((group, index) => {
    const imageData = groupAt(group, 'ImageData');
    const data = child(imageData, 'Data');
    const dims = listNumbers(groupAt(imageData, 'Dimensions'));
    const dataType = numberAt(imageData, 'DataType');
    if (!data || typeof data !== 'object' || Array.isArray(data) || data.kind !== 'array' || !dims || dataType === undefined) return;
    const image: DmImage = { index, dims, dataType, pixel: pixelType(dataType), data, group, thumbnail: thumbnails.has(index) };
    image.unusable = whyUnusable(image, file);
    images.push(image);
  });
  return images;
}

function whyUnusable(image: DmImage, file: DmTagFile): DmImage['unusable'] {
  if (!image.pixel) return { reason: refusedPixelType(image.dataType), corrupt: false };
  if (image.dims.some((d) => !Number.isSafeInteger(d) || d < 1)) return { reason: `its dimensions (${image.dims.join(', ')}) are not positive whole numbers`, corrupt: true };
  if (image.dims.length < 2) return { reason: 'it is 1-D (a spectrum); Stemflow reads 2-D frames', corrupt: false };
  const format = stringAt(groupAt(image.group, 'ImageTags/Meta Data'), 'Format', file.littleEndian);
  if (format?.toLowerCase() === 'spectrum image') return { reason: 'it is a spectrum image (1-D signal per scan position); Stemflow reads 2-D frames', corrupt: false };
  const pixelBytes = product(image.dims) * image.pixel.bytes;
  const dataBytes = image.data.count * image.data.itemBytes;
  if (pixelBytes !== dataBytes) {
    return {
      reason: `its Dimensions (${image.dims.join(' × ')}) of ${image.pixel.bytes}-byte pixels need ${formatCount(pixelBytes)} bytes but its Data tag holds ${formatCount(dataBytes)}`,
      corrupt: true,
    };
  }
  return undefined;
}

/**
 * The image that is the data set: the one the user names with `imageIndex`, else the largest
 * readable image that is not a thumbnail (thumbnails can be larger than small data sets).
 */
export function chooseImage(file: DmTagFile, imageIndex: unknown): DmImage {
  const images = listImages(file);
  const summary = () => images.map((im) => `#${im.index} ${im.dims.join('×')} (${im.thumbnail ? 'thumbnail' : (im.unusable?.reason ?? 'readable')})`).join('; ');
  if (imageIndex !== undefined) {
    const image = images.find((im) => im.index === imageIndex);
    if (!image) throw new StemflowError('SHAPE_MISMATCH', `${file.path} has no image #${String(imageIndex)} in its ImageList; images: ${summary() || 'none'}`);
    if (image.unusable) throw refuse(file, image);
    return image;
  }
  const readable = images.filter((im) => !im.unusable && !im.thumbnail);
  if (readable.length === 0) {
    const corrupt = images.find((im) => !im.thumbnail && im.unusable?.corrupt);
    if (corrupt) throw refuse(file, corrupt);
    throw new StemflowError('FORMAT_UNKNOWN', `${file.path} holds no image Stemflow can read as frames; images: ${summary() || 'none'}`);
  }
  return readable.reduce((best, im) => (product(im.dims) > product(best.dims) ? im : best));
}

function refuse(file: DmTagFile, image: DmImage): StemflowError {
  return new StemflowError(image.unusable?.corrupt ? 'FILE_CORRUPT' : 'FORMAT_UNKNOWN', `${file.path}: image #${image.index} cannot be read: ${image.unusable?.reason}`);
}

