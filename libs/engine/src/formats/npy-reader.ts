import { bytesPerElement, product, StemflowError } from '@stemflow/plugin-sdk';
import { extname } from 'node:path';
import type { DatasetDescriptor, OpenRequest } from './descriptor';
import { FramedSource } from './framed-source';
import type { FormatReader } from './format-reader';
import { resolveNav } from './nav';
import { hasNpyMagic, readNpyHeader } from './npy';

/** NumPy `.npy`: 3-D (frames, sy, sx) or 4-D (ny, nx, sy, sx) arrays in C order. */
export const npyReader: FormatReader = {
  id: 'npy',
  title: 'NumPy .npy',
  detect: (path, head) => (hasNpyMagic(head) ? 100 : extname(path).toLowerCase() === '.npy' ? 10 : 0),
  describe(request: OpenRequest): DatasetDescriptor {
    const header = readNpyHeader(request.path);
    const shape = header.shape;
    if (shape.length < 3) {
      throw new StemflowError('SHAPE_MISMATCH', `${request.path} holds an array of shape (${shape.join(', ')}); a 4D-STEM data set needs at least 3 axes (frames, sy, sx)`);
    }
    const sigShape = request.sigShape ?? shape.slice(-2);
    const frameSize = product(sigShape);
    if (!Number.isInteger(product(shape) / frameSize) || product(shape) % frameSize !== 0) {
      throw new StemflowError('SHAPE_MISMATCH', `sig ${sigShape.join('×')} does not divide the array of shape (${shape.join(', ')}) in ${request.path}`);
    }
    const imageCount = product(shape) / frameSize;
    const nav = resolveNav({ ...request, navShape: request.navShape ?? (request.sigShape ? [imageCount] : shape.slice(0, -2)) }, imageCount, shape.slice(0, -2));
    return { path: request.path, format: 'npy', sigShape, dtype: header.dtype, byteOrder: header.byteOrder, offset: header.offset, ...nav };
  },
  open(d: DatasetDescriptor) {
    const frameBytes = product(d.sigShape) * bytesPerElement(d.dtype);
    return new FramedSource(d, {
      files: [d.path],
      imageCount: d.imageCount ?? product(d.navShape),
      encodedFrameBytes: frameBytes,
      locate: (i) => ({ file: 0, offset: d.offset + i * frameBytes }),
    });
  },
};
