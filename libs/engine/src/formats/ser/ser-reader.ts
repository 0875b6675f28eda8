import { extname } from 'node:path';
import { product, StemflowError } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor, OpenRequest } from '../descriptor';
import type { DataSet } from '../framed-source';
import type { FormatReader } from '../format-reader';
import { resolveNav } from '../nav';
import { hasSerMagic, type SerHeader } from './ser-header';
import { readSerLayout } from './ser-layout';
import { serMetadata } from './ser-metadata';
import { SerSource } from './ser-source';
import { serForEmi } from './emi-series';
import { namingTheFile } from '../naming-the-file';

/**
 * The scan shape of a series, slowest axis first: the header's dimensions reversed (Dim-1 is
 * the fastest), axes of length 1 dropped as HyperSpy does; [] for a single image. A 1-D
 * series stopped early is as long as its valid elements.
 */
export function proposeSerNav(header: SerHeader): number[] {
  const dims = header.dimensions.map((d) => d.size).filter((n) => n > 1);
  if (dims.length <= 1) return header.validElements > 1 ? [header.validElements] : [];
  return dims.reverse();
}

/** FEI/Thermo Fisher TIA series (.ser; an .emi path opens its one image series). */
export const serReader: FormatReader = {
  id: 'ser',
  title: 'FEI/Thermo Fisher TIA series (.ser + .emi)',
  aliases: ['emi'],
  detect(path, head) {
    if (hasSerMagic(head)) return 100;
    const ext = extname(path).toLowerCase();
    return ext === '.ser' || ext === '.emi' ? 10 : 0;
  },
  describe(request: OpenRequest): DatasetDescriptor {
    return namingTheFile(request.path, () => describeSer(request));
  },
  open(d: DatasetDescriptor): DataSet {
    // Header and offset table again, in this worker: a few bytes per frame, never pixel data.
    const layout = readSerLayout(d.path);
    const { first, dtype, offsets } = layout;
    if (dtype !== d.dtype || first.height !== d.sigShape[0] || first.width !== d.sigShape[1] || offsets.length !== d.imageCount) {
      throw new StemflowError('FILE_CORRUPT', `${d.path} changed since it was described: it now holds ${offsets.length} frames of ${first.height}×${first.width} ${dtype}`);
    }
    return new SerSource(d, layout);
  },
};

/** Read the series header and first element, and propose nav/sig/dtype, honouring the user's shapes. */
function describeSer(request: OpenRequest): DatasetDescriptor {
  const path = extname(request.path).toLowerCase() === '.emi' ? serForEmi(request.path) : request.path;
  const layout = readSerLayout(path);
  const { header, first, dtype } = layout;
  if (request.dtype !== undefined && request.dtype !== dtype) {
    throw new StemflowError('SHAPE_MISMATCH', `${path} stores ${dtype} pixels; the dtype cannot be changed, leave --dtype out`);
  }
  const sigShape = [first.height, first.width];
  if (request.sigShape && request.sigShape.join() !== sigShape.join()) {
    throw new StemflowError('SHAPE_MISMATCH', `${path} holds ${sigShape.join('×')} frames, each with its own header; the frame shape cannot be changed (leave --sig out)`);
  }
  const proposed = proposeSerNav(header);
  // A 2-D scan stopped early keeps its shape: the missing positions read as zeros (HyperSpy pads too).
  const capacity = Math.max(header.validElements, proposed.length > 1 ? product(proposed) : 0);
  // A single image has no scan axes (nav []); resolveNav still checks the user's syncOffset.
  const single = !request.navShape && proposed.length === 0;
  const nav = single ? { ...resolveNav({ ...request, navShape: [1] }, 1, [1]), navShape: [] } : resolveNav(request, capacity, proposed);
  return {
    path,
    format: 'ser',
    sigShape,
    dtype,
    byteOrder: 'little',
    offset: 0,
    ...nav,
    imageCount: header.validElements,
    metadata: serMetadata(layout, nav.navShape.length),
  };
}
