import type { ResultHeader } from './types';

// Decoding of the binary WebSocket messages that carry (partial) results:
//   bytes 0..3   uint32 little-endian header length H
//   bytes 4..    H bytes of UTF-8 JSON header { type: 'result', jobId, name, shape, final, seq }
//   zero padding up to the next multiple of 4 bytes
//   the values as float32 little-endian, NaN where not computed yet.
// Pure: no DOM, no I/O.

export interface DecodedResultFrame {
  header: ResultHeader;
  data: Float32Array;
}

export class FrameDecodeError extends Error {
  constructor(message: string) {
    super(`cannot decode result frame: ${message}`);
    this.name = 'FrameDecodeError';
  }
}

const littleEndianHost = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function elementCount(shape: number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

function parseHeader(bytes: Uint8Array): ResultHeader {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new FrameDecodeError('header is not UTF-8 JSON');
  }
  if (typeof json !== 'object' || json === null) throw new FrameDecodeError('header is not an object');
  const h = json as Record<string, unknown>;
  if (h.type !== 'result') throw new FrameDecodeError(`header type is ${JSON.stringify(h.type)}, not "result"`);
  if (typeof h.jobId !== 'string' || typeof h.name !== 'string') throw new FrameDecodeError('header lacks jobId or name');
  if (!Array.isArray(h.shape) || !h.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new FrameDecodeError('header shape is not a list of non-negative integers');
  }
  return {
    ...(h as object),
    type: 'result',
    jobId: h.jobId,
    name: h.name,
    shape: h.shape as number[],
    final: h.final === true,
    seq: typeof h.seq === 'number' ? h.seq : 0,
  } as ResultHeader;
}

/** Offset of the data: after the length word and the header, rounded up to 4 bytes. */
export function dataOffset(headerLength: number): number {
  return Math.ceil((4 + headerLength) / 4) * 4;
}

/** Decodes one binary result message. The returned array owns a copy of its values. */
export function decodeResultFrame(message: ArrayBuffer | ArrayBufferView): DecodedResultFrame {
  const bytes =
    message instanceof ArrayBuffer
      ? new Uint8Array(message)
      : new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
  if (bytes.byteLength < 4) throw new FrameDecodeError(`message has only ${bytes.byteLength} bytes`);

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > bytes.byteLength) {
    throw new FrameDecodeError(`header length ${headerLength} exceeds the message (${bytes.byteLength} bytes)`);
  }
  const header = parseHeader(bytes.subarray(4, 4 + headerLength));

  const offset = dataOffset(headerLength);
  const count = elementCount(header.shape);
  const needed = offset + count * 4;
  if (bytes.byteLength < needed) {
    throw new FrameDecodeError(
      `shape [${header.shape.join(', ')}] needs ${count * 4} data bytes at offset ${offset}, message has ${bytes.byteLength} bytes`,
    );
  }

  const data = new Float32Array(count);
  if (littleEndianHost) {
    new Uint8Array(data.buffer).set(bytes.subarray(offset, needed));
  } else {
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(offset + i * 4, true);
  }
  return { header, data };
}

/** The inverse of decodeResultFrame, for tests and tools. */
export function encodeResultFrame(header: ResultHeader, data: Float32Array): ArrayBuffer {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const offset = dataOffset(json.byteLength);
  const buffer = new ArrayBuffer(offset + data.length * 4);
  const view = new DataView(buffer);
  view.setUint32(0, json.byteLength, true);
  new Uint8Array(buffer).set(json, 4);
  for (let i = 0; i < data.length; i++) view.setFloat32(offset + i * 4, data[i], true);
  return buffer;
}
