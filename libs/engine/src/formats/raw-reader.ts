import { dirname, extname, isAbsolute, join } from 'node:path';
import { bytesPerElement, formatCount, isDType, product, StemflowError, type DType } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor, OpenRequest } from './descriptor';
import { fileSize } from './file-io';
import { FramedSource } from './framed-source';
import type { FormatReader } from './format-reader';
import { resolveNav } from './nav';

/** Reader options of raw files, in `params`. */
interface RawParams {
  /** More files holding the following frames, in order (relative to the first file's folder). */
  files?: string[];
  /** Bytes before / after every frame (detector headers, gaps). */
  frameHeader?: number;
  frameFooter?: number;
}

function wholeBytes(value: unknown, what: string): number {
  const n = value ?? 0;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new StemflowError('SHAPE_MISMATCH', `${what} must be a whole number of bytes ≥ 0, got ${String(value)}`);
  return n;
}

function rawLayout(d: { path: string; offset: number; params?: Record<string, unknown> }, frameBytes: number) {
  const params = (d.params ?? {}) as RawParams;
  const header = wholeBytes(params.frameHeader, 'frameHeader');
  const footer = wholeBytes(params.frameFooter, 'frameFooter');
  const stride = header + frameBytes + footer;
  const files = [d.path, ...(params.files ?? []).map((f) => (isAbsolute(f) ? f : join(dirname(d.path), f)))];
  // Each file starts with the same fixed header; its frames follow back to back.
  const counts = files.map((f) => Math.max(0, Math.floor((fileSize(f) - d.offset + footer) / stride)));
  const firsts: number[] = [];
  counts.reduce((acc, n) => (firsts.push(acc), acc + n), 0);
  return { files, counts, firsts, header, stride, imageCount: counts.reduce((a, b) => a + b, 0) };
}

/** Headerless binary frames; shape and dtype come from the user. */
export const rawReader: FormatReader = {
  id: 'raw',
  title: 'Raw binary (shape and dtype given by the user)',
  detect: (path) => (['.raw', '.bin', '.dat'].includes(extname(path).toLowerCase()) ? 10 : 0),
  describe(request: OpenRequest): DatasetDescriptor {
    const missing = (['navShape', 'sigShape', 'dtype'] as const).filter((k) => request[k] === undefined);
    if (missing.length > 0) {
      throw new StemflowError('SHAPE_MISMATCH', `a raw file has no header: give ${missing.join(', ')} (on the command line --nav AxB --sig CxD --dtype uint16)`);
    }
    const sigShape = request.sigShape!;
    if (sigShape.length === 0 || sigShape.some((n) => !Number.isInteger(n) || n <= 0)) throw new StemflowError('SHAPE_MISMATCH', `sig shape must be positive whole numbers, got [${String(sigShape)}]`);
    if (!isDType(request.dtype)) throw new StemflowError('SHAPE_MISMATCH', `dtype "${String(request.dtype)}" is not supported; use one of uint8, int8, uint16, int16, uint32, int32, float32, float64`);
    const dtype: DType = request.dtype;
    const offset = wholeBytes(request.offset, 'offset');
    const frameBytes = product(sigShape) * bytesPerElement(dtype);
    const layout = rawLayout({ path: request.path, offset, params: request.params }, frameBytes);
    const needed = product(request.navShape!) + Math.max(0, request.syncOffset ?? 0);
    if (needed > layout.imageCount) {
      const bytes = layout.files.reduce((n, f) => n + fileSize(f), 0);
      throw new StemflowError(
        'SHAPE_MISMATCH',
        `${request.path} has ${formatCount(bytes)} bytes but nav ${request.navShape!.join('×')} × sig ${sigShape.join('×')} ${dtype}` +
          (offset ? ` after a ${formatCount(offset)}-byte header` : '') +
          ` needs ${formatCount(offset + needed * layout.stride)}: check the scan shape, frame shape and dtype, or the file is truncated`,
      );
    }
    const nav = resolveNav(request, layout.imageCount, request.navShape!);
    return { path: request.path, format: 'raw', sigShape, dtype, byteOrder: request.byteOrder ?? 'little', offset, ...(request.params ? { params: request.params } : {}), ...nav };
  },
  open(d: DatasetDescriptor) {
    const frameBytes = product(d.sigShape) * bytesPerElement(d.dtype);
    const layout = rawLayout(d, frameBytes);
    return new FramedSource(d, {
      files: layout.files,
      imageCount: layout.imageCount,
      encodedFrameBytes: frameBytes,
      locate(i) {
        let file = layout.firsts.length - 1;
        while (file > 0 && layout.firsts[file]! > i) file--;
        return { file, offset: d.offset + layout.header + (i - layout.firsts[file]!) * layout.stride };
      },
    });
  },
};
