import { definePlugin, Type, type DatasetInfo, type FieldError, type NDArray, type Static } from '@stemflow/plugin-sdk';
import { checkRadii, frameSize } from './common';

export const RadialFourierParams = Type.Object(
  {
    cx: Type.Number({ title: 'Centre x', 'x-ui': { unit: 'px', help: 'Column of the ring centre (0 = left pixel); defaults to the frame centre', order: 0 } }),
    cy: Type.Number({ title: 'Centre y', 'x-ui': { unit: 'px', help: 'Row of the ring centre (0 = top pixel); defaults to the frame centre', order: 1 } }),
    ri: Type.Number({ title: 'Inner radius', minimum: 0, default: 0, 'x-ui': { unit: 'px', help: 'Pixels at distance ≤ ri from the centre are left out', order: 2 } }),
    ro: Type.Number({
      title: 'Outer radius',
      minimum: 0,
      'x-ui': { unit: 'px', help: 'Pixels at distance ≤ ro (and > ri) are analysed; defaults to a radius that covers the whole frame', order: 3 },
    }),
    nBins: Type.Integer({
      title: 'Radial bins',
      minimum: 1,
      maximum: 64,
      default: 1,
      'x-ui': { help: 'Number of rings of equal width between ri and ro; each gets its own Fourier series', order: 4 },
    }),
    maxOrder: Type.Integer({
      title: 'Highest order',
      minimum: 1,
      maximum: 64,
      default: 24,
      'x-ui': { help: 'Fourier orders k = 0 … maxOrder of the intensity around each ring (k-fold symmetry shows as order k)', order: 5 },
    }),
  },
  { title: 'Radial Fourier analysis', 'x-ui': { overlay: 'ring' } },
);
export type RadialFourierParams = Static<typeof RadialFourierParams>;

/** LiberTEM `masks.bounding_radius`: a radius around (cx, cy) that covers the whole frame. */
function boundingRadius(cx: number, cy: number, w: number, h: number): number {
  return Math.ceil(Math.hypot(Math.max(cy, h - cy), Math.max(cx, w - cx))) + 1;
}

function defaults({ sigShape }: DatasetInfo): Partial<RadialFourierParams> {
  const [h, w] = frameSize(sigShape);
  return { cx: w / 2, cy: h / 2, ri: 0, ro: boundingRadius(w / 2, h / 2, w, h), nBins: 1, maxOrder: 24 };
}

/** Squared bin edges `r_b = ri + b·(ro − ri)/nBins`, b = 0 … nBins, with `r_nBins = ro` exactly. */
export function binEdges2(ri: number, ro: number, nBins: number): Float64Array {
  const edges = new Float64Array(nBins + 1);
  for (let b = 0; b < nBins; b++) edges[b] = (ri + (b * (ro - ri)) / nBins) ** 2;
  edges[nBins] = ro * ro;
  return edges;
}

/** Pixels of the rings in row order (CSR by row): column, bin, cos φ, sin φ with φ = atan2(y − cy, x − cx). */
function ringPixels(h: number, w: number, p: RadialFourierParams) {
  const edges = binEdges2(p.ri, p.ro, p.nBins);
  const rowPtr = new Int32Array(h + 1);
  const xs: number[] = [];
  const bins: number[] = [];
  const cos: number[] = [];
  const sin: number[] = [];
  for (let y = 0; y < h; y++) {
    const dy = y - p.cy;
    for (let x = 0; x < w; x++) {
      const dx = x - p.cx;
      const d2 = dx * dx + dy * dy;
      if (!(d2 > edges[0]! && d2 <= edges[p.nBins]!)) continue;
      let b = 0;
      while (d2 > edges[b + 1]!) b++;
      const d = Math.sqrt(d2);
      xs.push(x);
      bins.push(b);
      cos.push(dx / d);
      sin.push(dy / d);
    }
    rowPtr[y + 1] = xs.length;
  }
  return { rowPtr, xs: Int32Array.from(xs), bins: Int32Array.from(bins), cos: Float64Array.from(cos), sin: Float64Array.from(sin) };
}

function check(p: RadialFourierParams, dataset?: DatasetInfo): FieldError[] {
  const errors = checkRadii(p);
  if (!dataset) return errors;
  const [h, w] = frameSize(dataset.sigShape);
  if (!(p.cx >= 0 && p.cx < w)) errors.push({ path: '/cx', message: `centre x ${p.cx} is off the detector: use 0 ≤ cx < ${w} (the frame is ${h}×${w})` });
  if (!(p.cy >= 0 && p.cy < h)) errors.push({ path: '/cy', message: `centre y ${p.cy} is off the detector: use 0 ≤ cy < ${h} (the frame is ${h}×${w})` });
  if (errors.length === 0 && ringPixels(h, w, p).xs.length === 0) {
    errors.push({ path: '/ro', message: `the rings ${p.ri} < d ≤ ${p.ro} around (${p.cx}, ${p.cy}) cover no detector pixel: raise ro or lower ri` });
  }
  return errors;
}

/**
 * LiberTEM radial Fourier analysis: for rings b between ri and ro and orders k = 0 … maxOrder,
 * `c[b, k] = Σ_p f(p)·ring_b(p)·e^{ikφ(p)}` with `φ = atan2(y − cy, x − cx)`: zero along +x,
 * increasing toward +y (down), i.e. clockwise on screen. Hard ring edges `r_b < d ≤ r_{b+1}`.
 */
export const radial = definePlugin({
  id: 'fourier.radial',
  title: 'Radial Fourier analysis',
  description:
    'Fourier series of the intensity around rings of each frame: magnitude and phase of orders 0 … maxOrder per ring, and the dominant order (the rotational symmetry) per scan position.',
  params: RadialFourierParams,
  defaults,
  check,
  udf: {
    // (re, im) of c[b, k] per scan position: additive over row tiles.
    buffers: ({ params }) => ({
      coefficients: { kind: 'nav', dtype: 'float64', extraShape: [params.nBins, params.maxOrder + 1, 2], use: 'private' },
    }),
    taskData: ({ params, dataset }) => {
      const [h, w] = frameSize(dataset.sigShape);
      return { ...ringPixels(h, w, params), orders: params.maxOrder + 1, stride: params.nBins * (params.maxOrder + 1) * 2, e: new Float64Array(2 * (params.maxOrder + 1)) };
    },
    processTile(tile, { task, out }) {
      const { rowPtr, xs, bins, cos, sin, orders, stride, e } = task;
      const { data, depth, rows, width, rowStart } = tile;
      const acc = out.coefficients;
      const size = rows * width;
      const n2 = 2 * orders;
      for (let r = 0; r < rows; r++) {
        const y = rowStart + r;
        for (let i = rowPtr[y]!; i < rowPtr[y + 1]!; i++) {
          // e^{ikφ} for k = 0 … maxOrder by repeated rotation (error ≈ k ulp).
          const c = cos[i]!;
          const s = sin[i]!;
          e[0] = 1;
          e[1] = 0;
          for (let j = 2; j < n2; j += 2) {
            e[j] = e[j - 2]! * c - e[j - 1]! * s;
            e[j + 1] = e[j - 2]! * s + e[j - 1]! * c;
          }
          const px = r * width + xs[i]!;
          const offset = bins[i]! * n2;
          for (let f = 0; f < depth; f++) {
            const v = data[f * size + px]!;
            if (v === 0) continue;
            const base = f * stride + offset;
            for (let j = 0; j < n2; j++) acc[base + j]! += v * e[j]!;
          }
        }
      }
    },
    results({ coefficients }, { params, dataset, valid }) {
      const { nBins } = params;
      const orders = params.maxOrder + 1;
      const frames = dataset.frames;
      const cells = nBins * orders;
      const absolute = new Float64Array(frames * cells);
      const phase = new Float64Array(frames * cells);
      const real = new Float64Array(frames * cells);
      const imag = new Float64Array(frames * cells);
      for (let i = 0; i < frames * cells; i++) {
        const re = coefficients[2 * i]!;
        const im = coefficients[2 * i + 1]!;
        real[i] = re;
        imag[i] = im;
        absolute[i] = Math.sqrt(re * re + im * im);
        phase[i] = Math.atan2(im, re);
      }
      // LiberTEM: threshold per bin = 0.2 · the largest |c[b, k ≥ 1]| over all (valid) positions;
      // where every order k ≥ 1 is below it the dominant order is 0, else argmax over k ≥ 1.
      const largest = new Float64Array(nBins);
      for (let f = 0; f < frames; f++) {
        if (!valid[f]) continue;
        for (let b = 0; b < nBins; b++) {
          for (let k = 1; k < orders; k++) largest[b] = Math.max(largest[b]!, absolute[f * cells + b * orders + k]!);
        }
      }
      const dominant = new Float64Array(frames * nBins).fill(Number.NaN);
      for (let f = 0; f < frames; f++) {
        if (!valid[f]) continue;
        for (let b = 0; b < nBins; b++) {
          const row = f * cells + b * orders;
          let best = 1;
          let anyAbove = false;
          for (let k = 1; k < orders; k++) {
            const a = absolute[row + k]!;
            if (a > absolute[row + best]!) best = k;
            if (a >= 0.2 * largest[b]!) anyAbove = true;
          }
          dominant[f * nBins + b] = anyAbove ? best : 0;
        }
      }
      const nav = [...dataset.navShape];
      const perOrder = (data: Float64Array): NDArray => ({ data, shape: [...nav, nBins, orders] });
      return {
        absolute: perOrder(absolute),
        phase: perOrder(phase),
        real: perOrder(real),
        imag: perOrder(imag),
        dominant: { data: dominant, shape: [...nav, nBins] },
      };
    },
  },
});
