import { toRgba, type Range, type Scale } from './colormap';

/** Paints values (row-major, width × height) onto a canvas through the colour map. */
export function drawImage(canvas: HTMLCanvasElement, values: Float32Array | null, width: number, height: number, scale: Scale, range: Range | null) {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return;
  if (!values || values.length < width * height) {
    context.clearRect(0, 0, width, height);
    return;
  }
  const pixels = toRgba(values.subarray(0, width * height), { range, scale });
  context.putImageData(new ImageData(pixels, width, height), 0, 0);
}
