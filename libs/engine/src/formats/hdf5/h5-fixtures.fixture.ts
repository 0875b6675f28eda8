import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Test files written by h5wasm in a child Node process (h5wasm initialises asynchronously and is
 * an ES module; a child keeps that out of Jest). Values follow `fixtureValue`, so tests compute
 * the expected pixels independently of the reader.
 */

export interface H5DatasetSpec {
  path: string;
  /** NumPy-style type string: <u1 <u2 <i2 <u4 <i4 <f4 <f8 <i8. */
  dtype: string;
  shape: number[];
  chunks?: number[];
  /** HDF5 filter id (1 gzip, 32008 bitshuffle) and its options. */
  compression?: number;
  compressionOpts?: number[];
  /** Added to every value (e.g. 2**60 to exceed float64's exact integers). */
  bias?: number;
  attrs?: Record<string, number | string>;
}

export interface H5FileSpec {
  groups?: { path: string; attrs?: Record<string, number | string> }[];
  datasets?: H5DatasetSpec[];
  externalLinks?: { name: string; file: string; target: string }[];
}

/** The value at flat index i of a fixture dataset (small enough for every dtype). */
export function fixtureValue(dtype: string, i: number): number {
  if (dtype.endsWith('f4') || dtype.endsWith('f8')) return (i % 1000) * 0.25 - 17.5;
  if (dtype.endsWith('i2') || dtype.endsWith('i4') || dtype.endsWith('i8')) return ((i * 37) % 2001) - 1000;
  if (dtype.endsWith('u1')) return (i * 7) % 251;
  return (i * 263 + 11) % 65521;
}

function findH5wasm(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules/h5wasm/dist/node/hdf5_hl.js');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('h5wasm not installed');
}

function findPlugins(): string | null {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules/h5wasm-plugins/plugins');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

const WRITER = String.raw`
const [h5wasmPath, pluginDir, specPath, outPath] = process.argv.slice(2);
const spec = JSON.parse(require('fs').readFileSync(specPath, 'utf8'));
${fixtureValue.toString()}
const H5_DTYPES = { '<u1': '<B', '<u2': '<H', '<i2': '<h', '<u4': '<I', '<i4': '<i', '<f4': '<f', '<f8': '<d', '<i8': '<q' };
const ARRAYS = { '<u1': Uint8Array, '<u2': Uint16Array, '<i2': Int16Array, '<u4': Uint32Array, '<i4': Int32Array, '<f4': Float32Array, '<f8': Float64Array, '<i8': BigInt64Array };
(async () => {
  const h5 = require(h5wasmPath);
  await h5.ready;
  if (pluginDir !== 'none') h5.Module.insert_plugin_search_path(pluginDir, 0);
  const f = new h5.File(outPath, 'w');
  for (const g of spec.groups || []) {
    const group = f.create_group(g.path);
    for (const [k, v] of Object.entries(g.attrs || {})) group.create_attribute(k, v);
  }
  const ensureGroups = (path) => {
    const parts = path.split('/').filter(Boolean).slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const g = '/' + parts.slice(0, i).join('/');
      if (!f.get(g)) f.create_group(g);
    }
  };
  for (const d of spec.datasets || []) {
    ensureGroups(d.path);
    const frame = d.shape.slice(1).reduce((a, b) => a * b, 1);
    const Ctor = ARRAYS[d.dtype];
    const make = (first, n) => {
      const a = new Ctor(n);
      for (let i = 0; i < n; i++) {
        const v = fixtureValue(d.dtype, first + i) + (d.bias || 0);
        a[i] = Ctor === BigInt64Array ? BigInt(v) : v;
      }
      return a;
    };
    const args = { name: d.path, dtype: H5_DTYPES[d.dtype], chunks: d.chunks, compression: d.compression, compression_opts: d.compressionOpts };
    if (d.shape.length >= 3 && d.shape[0] > 64) {
      // Large stacks are written frame by frame, so the writer never holds them whole.
      const ds = f.create_dataset({ ...args, data: make(0, frame), shape: [1, ...d.shape.slice(1)], maxshape: [null, ...d.shape.slice(1)] });
      ds.resize(d.shape);
      for (let i = 1; i < d.shape[0]; i++) ds.write_slice([[i, i + 1]], make(i * frame, frame));
    } else {
      f.create_dataset({ ...args, data: make(0, frame * d.shape[0]), shape: d.shape });
    }
    const ds = f.get(d.path);
    for (const [k, v] of Object.entries(d.attrs || {})) ds.create_attribute(k, v);
  }
  for (const l of spec.externalLinks || []) ensureGroups(l.name);
  for (const l of spec.externalLinks || []) f.create_external_link(l.file, l.target, l.name);
  f.close();
})().catch((e) => { console.error(e); process.exit(1); });
`;

/** Write an HDF5 file described by `spec` to `path` (the writer script and spec go to a temp folder removed afterwards). */
export function writeH5(path: string, spec: H5FileSpec, options: { plugins?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'stemflow-h5w-'));
  try {
    const scriptPath = join(dir, 'write-h5.cjs');
    writeFileSync(scriptPath, WRITER);
    const specPath = join(dir, 'spec.json');
    writeFileSync(specPath, JSON.stringify(spec));
    const plugins = options.plugins === false ? 'none' : (findPlugins() ?? 'none');
    execFileSync(process.execPath, [scriptPath, findH5wasm(), plugins, specPath, path], { stdio: ['ignore', 'ignore', 'pipe'] });
    return path;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
