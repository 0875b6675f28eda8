import { Random } from './random';
import { bytesOf, type Sample } from './sample';

const { cos, exp, hypot, PI, sin } = Math; // see random.ts

/** Frames and frame edge of the synthetic detector blocks: 32 × 256 × 256 uint16 = 4 MiB. */
export interface SyntheticSize {
  frames: number;
  edge: number;
  /** Edge of the result-like maps (512 → 1 MiB per float32 map). */
  mapEdge: number;
}

export const SURVEY_SIZE: SyntheticSize = { frames: 32, edge: 256, mapEdge: 512 };

/** The synthetic kinds: sparse and dense detector frames, and result-like float arrays. */
export function syntheticSamples(size: SyntheticSize = SURVEY_SIZE): Sample[] {
  return [sparseFrames(size), denseFrames(size), sumFrame(size, 'float32'), sumFrame(size, 'float64'), centreOfMassMaps(size)];
}

/** Low-dose electron counting: Poisson with mean 0.05 per pixel, so ~95 % zeros and a few 1–3. */
export function sparseFrames({ frames, edge }: SyntheticSize): Sample {
  const random = new Random(1);
  const pixels = new Uint16Array(frames * edge * edge);
  for (let i = 0; i < pixels.length; i++) pixels[i] = random.poisson(0.05);
  return frameSample('synthetic-sparse', 'low-dose counting: Poisson mean 0.05/px (~95 % zeros, counts 1–3)', pixels, frames, edge);
}

/** High dose: a bright disk (mean 400) with a fading halo on a background of 2, Poisson noise. */
export function denseFrames({ frames, edge }: SyntheticSize): Sample {
  const random = new Random(2);
  const pixels = new Uint16Array(frames * edge * edge);
  for (let f = 0; f < frames; f++) {
    const shift = 2 * sin((2 * PI * f) / frames); // the disk moves a little across the scan
    const mean = diskPattern(edge, shift, 400, 20, 2);
    const offset = f * edge * edge;
    for (let i = 0; i < mean.length; i++) pixels[offset + i] = random.poisson(mean[i]!);
  }
  return frameSample('synthetic-dense', 'high dose: bright disk (mean 400) + halo + background 2, Poisson noise', pixels, frames, edge);
}

/**
 * A `sig` partial result: the sum of 1000 dense frames (whole numbers, large dynamic range), as
 * float32 (a plugin's declared dtype) or float64 (the runner's default result dtype).
 */
export function sumFrame({ mapEdge }: SyntheticSize, dtype: 'float32' | 'float64'): Sample {
  const random = new Random(3);
  const mean = diskPattern(mapEdge, 0, 400 * 1000, 20 * 1000, 2 * 1000);
  const sum = dtype === 'float32' ? new Float32Array(mean.length) : new Float64Array(mean.length);
  for (let i = 0; i < sum.length; i++) sum[i] = random.poisson(mean[i]!);
  return {
    id: dtype === 'float32' ? 'result-sum-f32' : 'result-sum-f64',
    origin: 'synthetic',
    description: `sig partial result: sum of 1000 dense frames (${dtype}, whole numbers)`,
    dtype,
    shape: [mapEdge, mapEdge],
    bytes: sum.byteLength,
    data: bytesOf(sum),
    itemSize: sum.BYTES_PER_ELEMENT,
  };
}

/** `nav` partial results: centre-of-mass x and y maps (float32 pixels), smooth field plus noise. */
export function centreOfMassMaps({ mapEdge }: SyntheticSize): Sample {
  const random = new Random(4);
  const n = mapEdge * mapEdge;
  const maps = new Float32Array(2 * n);
  for (let y = 0; y < mapEdge; y++) {
    for (let x = 0; x < mapEdge; x++) {
      const i = y * mapEdge + x;
      const u = (2 * PI * x) / mapEdge;
      const v = (2 * PI * y) / mapEdge;
      maps[i] = 128 + 1.5 * sin(3 * u) * cos(2 * v) + 0.05 * random.normal();
      maps[n + i] = 128 + 1.5 * cos(2 * u) * sin(3 * v) + 0.05 * random.normal();
    }
  }
  return {
    id: 'result-com-f32',
    origin: 'synthetic',
    description: 'nav partial result: centre-of-mass x/y maps (float32, smooth ±1.5 px + noise)',
    dtype: 'float32',
    shape: [2, mapEdge, mapEdge],
    bytes: maps.byteLength,
    data: bytesOf(maps),
    itemSize: 4,
  };
}

/** Mean counts of a diffraction frame: disk of radius 0.3·edge/2, halo decaying over 15 px. */
function diskPattern(edge: number, shift: number, disk: number, halo: number, background: number): Float64Array {
  const mean = new Float64Array(edge * edge);
  const radius = 0.3 * (edge / 2);
  const centre = edge / 2 + shift;
  for (let y = 0; y < edge; y++) {
    for (let x = 0; x < edge; x++) {
      const d = hypot(y - centre, x - centre);
      mean[y * edge + x] = d <= radius ? disk : background + halo * exp(-(d - radius) / 15);
    }
  }
  return mean;
}

function frameSample(id: string, description: string, pixels: Uint16Array, frames: number, edge: number): Sample {
  return { id, origin: 'synthetic', description, dtype: 'uint16', shape: [frames, edge, edge], bytes: pixels.byteLength, data: bytesOf(pixels), itemSize: 2 };
}
