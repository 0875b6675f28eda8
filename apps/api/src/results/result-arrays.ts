import { product, StemflowError, type BufferKind, type NDArray } from '@stemflow/plugin-sdk';

/** A float32 copy of a result for streaming; `invalid` positions (per leading element block) become NaN. */
export function toFloat32(array: NDArray, valid?: Uint8Array): Float32Array {
  const out = new Float32Array(array.data.length);
  out.set(array.data);
  if (valid && valid.length > 0 && out.length % valid.length === 0) {
    const block = out.length / valid.length;
    for (let i = 0; i < valid.length; i++) if (!valid[i]) out.fill(Number.NaN, i * block, (i + 1) * block);
  }
  return out;
}

/**
 * The 2-D image to draw for a result: arrays of up to two axes as they are; for more axes, the
 * first two axes at one `component` of the trailing ones (e.g. the y or x shift of a centre of mass).
 */
export function imageOf(array: NDArray, component = 0): NDArray {
  if (array.shape.length <= 2) return array;
  const [h, w] = array.shape as [number, number];
  const rest = product(array.shape.slice(2));
  if (!Number.isInteger(component) || component < 0 || component >= rest) {
    throw new StemflowError('PARAMS_INVALID', `component ${component} does not exist: this result has ${rest} values per pixel (0 to ${rest - 1})`, {
      errors: [{ path: '/component', message: `must be an integer from 0 to ${rest - 1}` }],
    });
  }
  const data = new Float64Array(h * w);
  for (let i = 0; i < h * w; i++) data[i] = array.data[i * rest + component]!;
  return { data, shape: [h, w] };
}

/**
 * Whether a result is laid out per scan position (`nav`), like a frame (`sig`) or neither
 * (`single`): the declared buffer kind when the result is a buffer, otherwise read from its
 * shape; undefined when the shape fits both (nav and sig of the same shape).
 */
export function resultKind(shape: readonly number[], dataset: { navShape: readonly number[]; sigShape: readonly number[] }, declared?: BufferKind): BufferKind | undefined {
  if (declared) return declared;
  const startsWith = (prefix: readonly number[]) => prefix.length <= shape.length && prefix.every((n, i) => shape[i] === n);
  const nav = startsWith(dataset.navShape);
  const sig = startsWith(dataset.sigShape);
  if (nav && !sig) return 'nav';
  if (sig && !nav) return 'sig';
  if (!nav && !sig) return 'single';
  return undefined;
}
