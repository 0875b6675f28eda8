import { StemflowError } from '@stemflow/plugin-sdk';
import type { FrameDecoder } from '../framed-source';

const LIMIT = BigInt(2 ** 53);

/**
 * 64-bit integer pixels delivered as float64. Stemflow has no 64-bit integer dtype; every
 * value up to 2^53 in magnitude is exact in float64, and a larger one is refused rather
 * than rounded silently.
 */
export function wideIntDecoder(kind: 'int64' | 'uint64', littleEndian: boolean, width: number, path: string): FrameDecoder {
  return (encoded, dest, rowStart, rows) => {
    const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    const first = rowStart * width;
    const n = rows * width;
    for (let i = 0; i < n; i++) {
      const at = (first + i) * 8;
      const value = kind === 'int64' ? view.getBigInt64(at, littleEndian) : view.getBigUint64(at, littleEndian);
      if (value > LIMIT || value < -LIMIT) {
        throw new StemflowError('FORMAT_UNKNOWN', `${path} holds the ${kind} value ${value}, which float64 cannot represent exactly; Stemflow reads 64-bit integers only up to 2^53`);
      }
      dest[i] = Number(value);
    }
  };
}
