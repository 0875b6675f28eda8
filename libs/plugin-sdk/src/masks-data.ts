import { Type, type Static } from 'typebox';
import { StemflowError, type FieldError } from './errors';

/**
 * An arbitrary detector mask carried in the parameters as JSON, so that a web form can fill it
 * from an uploaded `.npy` or PNG: `shape = [h, w]` (rows, columns), `dtype`, and `data` = the
 * `h·w` values in C order (row by row), little-endian, base64-encoded (RFC 4648, with padding).
 * The values are the weights as they are: a uint8 0/1 mask selects pixels, a float32 mask
 * weights them (a PNG with 0/255 levels must be mapped to 0/1 or to float32 weights first).
 * The web form shows it as a mask upload.
 *
 * @example
 * ```ts
 * import { MaskData, Type, type Static } from '@stemflow/plugin-sdk';
 *
 * export const MaskedSumParams = Type.Object({ mask: MaskData }, { title: 'Sum under a mask' });
 * export type MaskedSumParams = Static<typeof MaskedSumParams>;
 * ```
 */
export const MaskData = Type.Object(
  {
    shape: Type.Array(Type.Integer({ minimum: 1 }), {
      title: 'Mask shape',
      minItems: 2,
      maxItems: 2,
      'x-ui': { help: 'Rows and columns of the mask: must equal the detector (signal) shape' },
    }),
    dtype: Type.Enum(['uint8', 'float32'], {
      title: 'Value type',
      default: 'uint8',
      'x-ui': { help: 'uint8: one byte per pixel; float32: four bytes per pixel, little-endian' },
    }),
    data: Type.String({
      title: 'Mask values',
      contentEncoding: 'base64',
      'x-ui': { widget: 'file', help: 'Base64 of the h·w values in C order (row by row)' },
    }),
  },
  { title: 'Mask', 'x-ui': { widget: 'mask-upload', help: 'An uploaded mask (.npy or PNG) of the detector shape' } },
);
/**
 * A mask carried as JSON: `{ shape: [h, w], dtype: 'uint8' | 'float32', data: base64 }`.
 *
 * @example
 * ```ts
 * import { encodeBase64, type MaskData } from '@stemflow/plugin-sdk';
 *
 * // A 2 × 2 mask that selects the diagonal.
 * const diagonal: MaskData = { shape: [2, 2], dtype: 'uint8', data: encodeBase64(Uint8Array.of(1, 0, 0, 1)) };
 * ```
 */
export type MaskData = Static<typeof MaskData>;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) CODES[ALPHABET.charCodeAt(i)] = i;
const ASCII = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = '='.charCodeAt(0);

/**
 * RFC 4648 base64 of `bytes`, with `=` padding (the encoding of `MaskData.data`).
 *
 * @example
 * ```ts
 * import { encodeBase64 } from '@stemflow/plugin-sdk';
 *
 * encodeBase64(Uint8Array.of(1, 0, 1)); // 'AQAB'
 * ```
 */
export function encodeBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  for (let i = 0; i < n; i += 3) {
    const b0 = bytes[i]!;
    const b1 = i + 1 < n ? bytes[i + 1]! : 0;
    const b2 = i + 2 < n ? bytes[i + 2]! : 0;
    out[o++] = ASCII[b0 >> 2]!;
    out[o++] = ASCII[((b0 & 3) << 4) | (b1 >> 4)]!;
    out[o++] = i + 1 < n ? ASCII[((b1 & 15) << 2) | (b2 >> 6)]! : PAD;
    out[o++] = i + 2 < n ? ASCII[b2 & 63]! : PAD;
  }
  return new TextDecoder('ascii').decode(out);
}

/**
 * Strict RFC 4648 base64 decoding (no whitespace, `=` padding only at the end, length a
 * multiple of 4).
 *
 * @returns The bytes, or null when `text` is not valid base64.
 *
 * @example
 * ```ts
 * import { decodeBase64 } from '@stemflow/plugin-sdk';
 *
 * const bytes = decodeBase64('AQAB'); // Uint8Array [1, 0, 1]
 * if (bytes === null) throw new Error('not base64');
 * ```
 */
export function decodeBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  let pad = 0;
  if (text.endsWith('==')) pad = 2;
  else if (text.endsWith('=')) pad = 1;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const c0 = code(text, i);
    const c1 = code(text, i + 1);
    const c2 = last && pad === 2 ? 0 : code(text, i + 2);
    const c3 = last && pad >= 1 ? 0 : code(text, i + 3);
    if ((c0 | c1 | c2 | c3) < 0) return null;
    const n = (c0 << 18) | (c1 << 12) | (c2 << 6) | c3;
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

function code(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? CODES[c]! : -1;
}

/**
 * A mask as JSON: `values` (C order, `shape[0]·shape[1]` of them) encoded as `dtype` (default
 * float32). Throws a `RangeError` when the number of values does not match the shape.
 *
 * @example
 * ```ts
 * import { detectorMask, encodeMaskData } from '@stemflow/plugin-sdk';
 *
 * // Parameters for a mask plugin, e.g. in a test: a disk drawn on a 16 × 16 detector.
 * const mask = encodeMaskData([16, 16], detectorMask([16, 16], { shape: 'disk', r: 4 }), 'uint8');
 * const params = { mask };
 * ```
 */
export function encodeMaskData(shape: readonly [number, number], values: ArrayLike<number>, dtype: MaskData['dtype'] = 'float32'): MaskData {
  const n = shape[0] * shape[1];
  if (values.length !== n) throw new RangeError(`mask of shape ${shape[0]}×${shape[1]} needs ${n} values, got ${values.length}`);
  const typed = dtype === 'uint8' ? Uint8Array.from(values) : Float32Array.from(values);
  const bytes = new Uint8Array(typed.byteLength);
  const view = new DataView(bytes.buffer);
  if (typed instanceof Float32Array) typed.forEach((v, i) => view.setFloat32(i * 4, v, true));
  else bytes.set(typed);
  return { shape: [shape[0], shape[1]], dtype, data: encodeBase64(bytes) };
}

/**
 * What is wrong with a mask for a detector of `sigShape`, as field errors under `path`
 * (e.g. `/mask`): a shape other than the detector's, data that is not base64 or not
 * `h·w` values, non-finite weights, or no non-zero weight at all. For a plugin's `check`.
 *
 * @param sigShape - The detector shape to compare with; `undefined` skips that comparison.
 * @param path - JSON pointer of the mask field, prefixed to each error's path.
 * @returns Field errors; empty when the mask is usable.
 *
 * @example
 * ```ts
 * import { maskDataErrors, type DatasetInfo, type FieldError, type MaskData } from '@stemflow/plugin-sdk';
 *
 * const check = (params: { mask: MaskData }, dataset?: DatasetInfo): FieldError[] => maskDataErrors(params.mask, dataset?.sigShape, '/mask');
 * ```
 */
export function maskDataErrors(mask: MaskData, sigShape: readonly number[] | undefined, path: string): FieldError[] {
  const decoded = decodeChecked(mask, path);
  if ('errors' in decoded) return decoded.errors;
  if (sigShape) {
    const [h = 1, w = 1] = sigShape;
    if (mask.shape[0] !== h || mask.shape[1] !== w) {
      return [{ path: `${path}/shape`, message: `the mask is ${mask.shape[0]}×${mask.shape[1]} but the detector is ${h}×${w}: upload a mask of the detector's shape` }];
    }
  }
  if (!decoded.values.some((v) => v !== 0)) return [{ path: `${path}/data`, message: 'the mask has no non-zero pixel: it would sum nothing' }];
  return [];
}

/**
 * The mask's weights as float32 in C order, checked against the detector shape `sigShape`.
 *
 * @throws `StemflowError` `PARAMS_INVALID` (with the field pointer under `path`) when
 * `maskDataErrors` would complain.
 *
 * @example
 * ```ts
 * import { decodeMaskData, definePlugin, maskedSum, MaskData, Type } from '@stemflow/plugin-sdk';
 *
 * export default definePlugin({
 *   id: 'mask-sum',
 *   title: 'Sum under a mask',
 *   description: 'Each frame weighted by an uploaded mask.',
 *   params: Type.Object({ mask: MaskData }),
 *   udf: {
 *     buffers: { intensity: { kind: 'nav', dtype: 'float64' } },
 *     taskData: ({ params, dataset }) => ({ weights: decodeMaskData(params.mask, dataset.sigShape) }),
 *     processTile: (tile, { task, out }) => maskedSum(tile, task.weights, out.intensity),
 *   },
 * });
 * ```
 */
export function decodeMaskData(mask: MaskData, sigShape?: readonly number[], path = '/mask'): Float32Array {
  const errors = maskDataErrors(mask, sigShape, path);
  if (errors.length > 0) {
    throw new StemflowError('PARAMS_INVALID', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
  }
  return (decodeChecked(mask, path) as { values: Float32Array }).values;
}

function decodeChecked(mask: MaskData, path: string): { values: Float32Array } | { errors: FieldError[] } {
  const [h, w] = mask.shape;
  const n = (h ?? 0) * (w ?? 0);
  const itemSize = mask.dtype === 'float32' ? 4 : 1;
  const bytes = decodeBase64(mask.data);
  if (!bytes) return { errors: [{ path: `${path}/data`, message: 'is not valid base64 (RFC 4648, with = padding, no line breaks)' }] };
  if (bytes.length !== n * itemSize) {
    return {
      errors: [{ path: `${path}/data`, message: `holds ${bytes.length} bytes but a ${h}×${w} ${mask.dtype} mask needs ${n * itemSize}: check the shape and value type` }],
    };
  }
  const values = new Float32Array(n);
  if (itemSize === 1) values.set(bytes);
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < n; i++) {
      const v = view.getFloat32(i * 4, true);
      if (!Number.isFinite(v)) return { errors: [{ path: `${path}/data`, message: `value ${i} (row ${Math.floor(i / w!)}, column ${i % w!}) is ${v}: mask weights must be finite` }] };
      values[i] = v;
    }
  }
  return { values };
}
