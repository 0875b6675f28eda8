/**
 * The binary WebSocket message that carries one result array:
 *
 *   uint32 LE  H          length of the header in bytes
 *   H bytes    header     UTF-8 JSON { type: 'result', jobId, name, shape, final, seq, kind? }
 *   0–3 bytes  padding    zeros, so the data starts at a multiple of 4
 *   float32 LE data       prod(shape) values, C order; NaN where not computed (yet)
 *
 * `seq` counts the updates of a job (all results of one update share it); a message with
 * `final: true` holds the finished result and supersedes every partial one. `kind`
 * ('nav' | 'sig' | 'single') says how the result is laid out, when that is unambiguous.
 */
export interface ResultHeader {
  type: 'result';
  jobId: string;
  name: string;
  shape: number[];
  final: boolean;
  seq: number;
  kind?: 'nav' | 'sig' | 'single';
}

const HOST_IS_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function encodeResultMessage(header: ResultHeader, data: Float32Array): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const dataOffset = align4(4 + json.length);
  const message = Buffer.alloc(dataOffset + data.byteLength);
  message.writeUInt32LE(json.length, 0);
  json.copy(message, 4);
  if (HOST_IS_LITTLE) {
    message.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), dataOffset);
  } else {
    for (let i = 0; i < data.length; i++) message.writeFloatLE(data[i]!, dataOffset + i * 4);
  }
  return message;
}

/** The inverse, for clients and tests. */
export function decodeResultMessage(message: Uint8Array): { header: ResultHeader; data: Float32Array } {
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const length = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(message.subarray(4, 4 + length))) as ResultHeader;
  const dataOffset = align4(4 + length);
  const count = (message.byteLength - dataOffset) / 4;
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getFloat32(dataOffset + i * 4, true);
  return { header, data };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
