/** Test helper: read a TIFF back with geotiff, the independent reader the exports are checked against. */
import type { GeoTIFFImage } from 'geotiff';

// geotiff's CommonJS build requires quick-lru (ES-module only, used for remote files) at load time,
// which Jest's module sandbox on Node 20 cannot require; reading from memory never uses it.
jest.mock('quick-lru', () => ({
  __esModule: true,
  default: class QuickLRU extends Map {
    constructor() {
      super();
    }
  },
}));

export interface TiffRead {
  image: GeoTIFFImage;
  /** The first band as geotiff decodes it. */
  band: Float32Array;
  directory: Record<string, unknown>;
  /** ImageDescription without the NUL terminator (which geotiff keeps in the string). */
  description?: string;
}

export async function readTiff(bytes: Uint8Array): Promise<TiffRead> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { fromArrayBuffer } = require('geotiff') as typeof import('geotiff');
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const image = await (await fromArrayBuffer(copy)).getImage();
  const [band] = (await image.readRasters()) as unknown as [Float32Array];
  const directory = image.fileDirectory as Record<string, unknown>;
  const description = typeof directory.ImageDescription === 'string' ? directory.ImageDescription.replace(/\0+$/, '') : undefined;
  return { image, band, directory, ...(description !== undefined ? { description } : {}) };
}
