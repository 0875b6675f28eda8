import { parseNpy } from '../results/npy';

/** A detector mask as the SDK's `MaskData` parameter: float32 weights, base64, C order. */
export interface MaskParam {
  shape: [number, number];
  dtype: 'float32';
  data: string;
}

/** Weights from a `.npy` (its values) or an image (grey level 0–1). */
export async function maskFromFile(file: File): Promise<MaskParam> {
  if (file.name.toLowerCase().endsWith('.npy')) {
    const array = parseNpy(await file.arrayBuffer());
    if (array.shape.length !== 2) throw new Error(`${file.name} has shape (${array.shape.join(', ')}); a mask needs 2 axes (rows, columns)`);
    return toParam(array.data, array.shape[0]!, array.shape[1]!);
  }
  const bitmap = await createImageBitmap(file);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  const weights = new Float32Array(bitmap.width * bitmap.height);
  for (let i = 0; i < weights.length; i++) weights[i] = (data[i * 4]! + data[i * 4 + 1]! + data[i * 4 + 2]!) / (3 * 255);
  return toParam(weights, bitmap.height, bitmap.width);
}

function toParam(weights: Float32Array, height: number, width: number): MaskParam {
  const bytes = new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { shape: [height, width], dtype: 'float32', data: btoa(binary) };
}
