import { StemflowError } from '@stemflow/plugin-sdk';

/**
 * A baseline TIFF (little-endian, one uncompressed strip, one grey float32 sample per pixel:
 * SampleFormat 3, BitsPerSample 32) with an optional ImageDescription (tag 270).
 *
 * Why not geotiff's `writeArrayBuffer`: geotiff 2.1.3 copies the values through a Uint8Array
 * (each float becomes one byte), sizes the strip as one byte per sample, keeps the directory in a
 * fixed 1000-byte buffer and has no type for tag 270, so it cannot write this file.
 */
export function encodeFloat32Tiff(values: Float32Array, width: number, height: number, description?: string): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || values.length !== width * height) {
    throw new StemflowError('INTERNAL', `a ${width}×${height} TIFF needs ${width * height} values, got ${values.length}`);
  }
  const pixelBytes = values.length * 4;
  if (pixelBytes > 0xffff_0000) throw new StemflowError('PARAMS_INVALID', `a ${width}×${height} float32 image is too large for a TIFF file (4 GB)`);
  if (description !== undefined && /[^\x20-\x7e\n\r\t]/.test(description)) {
    throw new StemflowError('INTERNAL', 'a TIFF ImageDescription must be ASCII');
  }
  const text = description === undefined ? undefined : Buffer.from(`${description}\0`, 'latin1');

  const tagCount = text ? 12 : 11;
  const ifdOffset = 8;
  const ifdEnd = ifdOffset + 2 + tagCount * 12 + 4;
  const textOffset = ifdEnd;
  const pixelOffset = align(textOffset + (text && text.length > 4 ? text.length : 0), 8);
  const out = Buffer.alloc(pixelOffset + pixelBytes);

  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(ifdOffset, 4);
  out.writeUInt16LE(tagCount, ifdOffset);
  let entry = ifdOffset + 2;
  const short = (tag: number, value: number) => {
    out.writeUInt16LE(tag, entry);
    out.writeUInt16LE(3, entry + 2);
    out.writeUInt32LE(1, entry + 4);
    out.writeUInt16LE(value, entry + 8);
    entry += 12;
  };
  const long = (tag: number, value: number) => {
    out.writeUInt16LE(tag, entry);
    out.writeUInt16LE(4, entry + 2);
    out.writeUInt32LE(1, entry + 4);
    out.writeUInt32LE(value, entry + 8);
    entry += 12;
  };
  // Entries in ascending tag order, as TIFF requires.
  long(256, width); // ImageWidth
  long(257, height); // ImageLength
  short(258, 32); // BitsPerSample
  short(259, 1); // Compression: none
  short(262, 1); // PhotometricInterpretation: BlackIsZero
  if (text) {
    out.writeUInt16LE(270, entry); // ImageDescription
    out.writeUInt16LE(2, entry + 2); // ASCII
    out.writeUInt32LE(text.length, entry + 4);
    if (text.length > 4) {
      out.writeUInt32LE(textOffset, entry + 8);
      text.copy(out, textOffset);
    } else {
      text.copy(out, entry + 8);
    }
    entry += 12;
  }
  long(273, pixelOffset); // StripOffsets
  short(277, 1); // SamplesPerPixel
  long(278, height); // RowsPerStrip: one strip
  long(279, pixelBytes); // StripByteCounts
  short(284, 1); // PlanarConfiguration: chunky
  short(339, 3); // SampleFormat: IEEE float
  out.writeUInt32LE(0, entry); // no next directory

  const pixels = new Float32Array(out.buffer, out.byteOffset + pixelOffset, values.length);
  if (new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f) pixels.set(values); // little-endian host
  else for (let i = 0; i < values.length; i++) out.writeFloatLE(values[i]!, pixelOffset + i * 4);
  return out;
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
