import { extname } from 'node:path';
import { bytesPerElement, formatCount, product, StemflowError } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor, OpenRequest } from '../descriptor';
import { checkFileSize } from '../file-io';
import { FramedSource, type DataSet } from '../framed-source';
import type { FormatReader } from '../format-reader';
import { resolveNav } from '../nav';
import { chooseImage } from './dm-image';
import { dmLayout, type DmOrder } from './dm-layout';
import { dmMetadata } from './dm-metadata';
import { hasDmMagic, readDmTags } from './dm-tags';
import { TransposedSource } from './transposed-source';
import { wideIntDecoder } from './wide-int-decoder';
import { namingTheFile } from '../naming-the-file';

/** Reader options of DM files, in `params`. */
export interface DmParams {
  /** Which ImageList entry to read (0-based); default: the largest readable image that is not a thumbnail. */
  imageIndex?: number;
  /** Frame layout of 4-D data when the file does not say (see dm-layout.ts). */
  order?: DmOrder;
}

/** What `open` needs besides the descriptor's fields; written by `describe`. */
interface DmOpenParams extends DmParams {
  order: DmOrder;
  widen?: 'int64' | 'uint64';
}

/** Gatan DigitalMicrograph DM3/DM4: one image of the ImageList, frames streamed from its Data array. */
export const dmReader: FormatReader = {
  id: 'dm',
  title: 'Gatan DigitalMicrograph (.dm3, .dm4)',
  aliases: ['dm3', 'dm4'],
  detect(path, head) {
    const ext = extname(path).toLowerCase();
    if (ext === '.gtg') return 0; // K2IS metadata in DM format: the K2IS reader's file
    if (hasDmMagic(head)) return 100;
    return ext === '.dm3' || ext === '.dm4' ? 10 : 0;
  },
  describe(request: OpenRequest): DatasetDescriptor {
    return namingTheFile(request.path, () => describeDm(request));
  },
  open(d: DatasetDescriptor): DataSet {
    const params = (d.params ?? {}) as Partial<DmOpenParams>;
    const frameBytes = product(d.sigShape) * bytesPerElement(d.dtype);
    const imageCount = d.imageCount ?? Math.max(1, product(d.navShape));
    checkFileSize(d.path, d.offset + imageCount * frameBytes, `${formatCount(imageCount)} frames of ${d.sigShape.join('×')} ${params.widen ?? d.dtype} from byte ${formatCount(d.offset)}`);
    if (params.order === 'transposed') return new TransposedSource(d);
    const width = d.sigShape[d.sigShape.length - 1]!;
    return new FramedSource(d, {
      files: [d.path],
      imageCount,
      encodedFrameBytes: frameBytes,
      locate: (i) => ({ file: 0, offset: d.offset + i * frameBytes }),
      ...(params.widen ? { decode: wideIntDecoder(params.widen, d.byteOrder === 'little', width, d.path) } : {}),
    });
  },
};

/** Read the tag tree, choose the image, and propose nav/sig/dtype, honouring the user's shapes. */
function describeDm(request: OpenRequest): DatasetDescriptor {
  const params = (request.params ?? {}) as DmParams;
  const file = readDmTags(request.path);
  const image = chooseImage(file, params.imageIndex);
  const layout = dmLayout(file, image, params.order);
  const pixel = image.pixel!;
  if (layout.order === 'transposed' && pixel.widen) {
    throw new StemflowError('FORMAT_UNKNOWN', `${request.path}: ${pixel.widen} data in the transposed (detector, scan) layout is not supported; convert it to C order first`);
  }
  if (request.dtype !== undefined && request.dtype !== pixel.dtype) {
    throw new StemflowError('SHAPE_MISMATCH', `${request.path} stores ${pixel.widen ?? pixel.dtype} pixels (DM data type ${image.dataType}); the dtype cannot be changed, leave --dtype out`);
  }
  let sigShape: number[] = layout.sig;
  let imageCount = product(layout.nav);
  let proposedNav = layout.nav;
  if (request.sigShape) {
    sigShape = checkSigOverride(request.path, request.sigShape, product(image.dims), layout);
    imageCount = product(image.dims) / product(sigShape);
    proposedNav = sigShape.join() === layout.sig.join() ? layout.nav : [imageCount];
  }
  // A single image has no scan axes (nav []); resolveNav still checks the user's syncOffset.
  const single = !request.navShape && proposedNav.length === 0;
  const nav = single ? { ...resolveNav({ ...request, navShape: [1] }, 1, [1]), navShape: [] } : resolveNav(request, imageCount, proposedNav);
  const openParams: DmOpenParams = { imageIndex: image.index, order: layout.order, ...(pixel.widen ? { widen: pixel.widen } : {}) };
  return {
    path: request.path,
    format: 'dm',
    sigShape,
    dtype: pixel.dtype,
    byteOrder: file.littleEndian ? 'little' : 'big',
    offset: image.data.offset,
    ...nav,
    params: { ...openParams },
    metadata: dmMetadata(file, image, layout),
  };
}

/** A different frame shape is allowed when it tiles the array exactly (frames are read in storage order). */
function checkSigOverride(path: string, sig: number[], total: number, layout: { order: DmOrder; sig: number[] }): number[] {
  if (sig.length !== 2 || sig.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new StemflowError('SHAPE_MISMATCH', `sig shape must be two positive whole numbers (rows, columns), got [${String(sig)}]`);
  }
  if (layout.order === 'transposed' && sig.join() !== layout.sig.join()) {
    throw new StemflowError('SHAPE_MISMATCH', `${path} is stored (detector, scan); its frame shape ${layout.sig.join('×')} cannot be changed`);
  }
  if (total % product(sig) !== 0) {
    throw new StemflowError('SHAPE_MISMATCH', `sig ${sig.join('×')} does not divide the ${formatCount(total)} pixels of the image in ${path}: use a frame shape whose size divides it (the file's is ${layout.sig.join('×')})`);
  }
  return sig;
}
