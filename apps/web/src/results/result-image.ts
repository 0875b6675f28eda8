import type { ResultMeta } from '../api/types';

// How a result array is shown: which axes form the picture and how many values per pixel.
// Pure.

export type ResultLayout =
  | { kind: 'scalar' }
  | { kind: 'line'; length: number; components: number }
  | { kind: 'image'; role: 'nav' | 'sig' | 'other'; height: number; width: number; components: number };

const product = (dims: readonly number[]) => dims.reduce((n, d) => n * d, 1);

function startsWith(shape: readonly number[], prefix: readonly number[]): boolean {
  return prefix.length > 0 && prefix.length <= shape.length && prefix.every((d, i) => shape[i] === d);
}

/** The scan grid as rows × columns (a 1-D scan is one row; extra nav axes fold into rows). */
export function navGrid(navShape: readonly number[]): { height: number; width: number } {
  if (navShape.length === 0) return { height: 1, width: 1 };
  return { height: product(navShape.slice(0, -1)), width: navShape[navShape.length - 1] };
}

/**
 * Decides the layout of a result. A result whose leading axes equal the nav shape is a scan
 * image, one that starts with the sig shape a frame-like image; `kind` (when the host sends
 * it) settles the case where nav and sig shapes are equal.
 */
export function layoutOf(
  shape: readonly number[],
  navShape: readonly number[],
  sigShape: readonly number[],
  kind?: ResultMeta['kind'],
): ResultLayout {
  const count = product(shape);
  if (shape.length === 0 || count <= 1) return { kind: 'scalar' };

  const isNav = kind ? kind === 'nav' && startsWith(shape, navShape) : startsWith(shape, navShape);
  if (isNav && navShape.length >= 2) {
    const grid = navGrid(navShape);
    return { kind: 'image', role: 'nav', ...grid, components: product(shape.slice(navShape.length)) };
  }
  const isSig = kind ? kind === 'sig' && startsWith(shape, sigShape) : startsWith(shape, sigShape);
  if (isSig && sigShape.length === 2) {
    return { kind: 'image', role: 'sig', height: sigShape[0], width: sigShape[1], components: product(shape.slice(2)) };
  }
  if (shape.length === 1) return { kind: 'line', length: shape[0], components: 1 };
  if (isNav && navShape.length === 1) return { kind: 'line', length: shape[0], components: product(shape.slice(1)) };
  return { kind: 'image', role: 'other', height: shape[0], width: shape[1], components: product(shape.slice(2)) };
}

/** Values of one component (index into the trailing axes) of an interleaved array. */
export function componentOf(data: Float32Array, components: number, component: number): Float32Array {
  if (components <= 1) return data;
  const count = Math.floor(data.length / components);
  const out = new Float32Array(count);
  const k = Math.min(Math.max(component, 0), components - 1);
  for (let i = 0; i < count; i++) out[i] = data[i * components + k];
  return out;
}

/** Frame index of a scan position (NumPy order: index = y * nx + x). */
export function frameIndexAt(x: number, y: number, width: number): number {
  return y * width + x;
}

export function positionOfFrame(index: number, width: number): { x: number; y: number } {
  return { x: index % width, y: Math.floor(index / width) };
}
