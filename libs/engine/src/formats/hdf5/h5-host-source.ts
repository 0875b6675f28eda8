/**
 * The code of the helper thread that hosts h5wasm (run with `new Worker(source, { eval: true })`).
 *
 * Why a string: h5wasm only initialises asynchronously, while `describe`/`open`/`readFrames` are
 * synchronous. The helper owns the WebAssembly module; the calling thread posts a request on a
 * MessagePort and blocks in `Atomics.wait` until the helper stores 1 in `control[0]`, then takes the
 * answer with `receiveMessageOnPort`. Plain JavaScript keeps it runnable both from tsc's output
 * and from the TypeScript sources under Jest (a worker file would need a build step).
 *
 * Protocol: request `{ op, ...args }`; answer `{ ok: true, value }` or
 * `{ ok: false, error, fatal }` (fatal: the WebAssembly module is unusable, start a new helper).
 * Bulk data goes through the SharedArrayBuffer last sent with a request (`shared`).
 */
export const H5_HOST_SOURCE = String.raw`
'use strict';
const { workerData } = require('node:worker_threads');
const { port, control, h5wasmPath, pluginDir } = workerData;
let shared = null;
let heapPtr = 0;
let heapSize = 0;
const files = new Map();
let nextHandle = 1;

function reply(message) {
  port.postMessage(message);
  Atomics.store(control, 0, 1);
  Atomics.notify(control, 0);
}

const ready = (async () => {
  const h5 = require(h5wasmPath);
  await h5.ready;
  const Module = h5.Module;
  if (pluginDir) Module.insert_plugin_search_path(pluginDir, 0);
  Module.activate_throwing_error_handler();
  return { h5, Module };
})();

function plain(value) {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (ArrayBuffer.isView(value)) {
    if (value.length > 4096) return '[' + value.length + ' values]';
    return Array.from(value, plain);
  }
  if (Array.isArray(value)) return value.length > 4096 ? '[' + value.length + ' values]' : value.map(plain);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

function fileOf(handle) {
  const f = files.get(handle);
  if (!f) throw new Error('file handle ' + handle + ' is not open');
  return f;
}

function datasetInfo(Module, fid, path) {
  const meta = Module.get_dataset_metadata(fid, path);
  let filters = [];
  try { filters = Module.get_dataset_filters(fid, path).map((f) => ({ id: f.id, name: f.name })); } catch (e) { filters = []; }
  return {
    shape: meta.shape ? meta.shape.map(Number) : null,
    type: meta.type, size: meta.size, signed: meta.signed, littleEndian: meta.littleEndian, vlen: meta.vlen,
    chunks: meta.chunks ? meta.chunks.map(Number) : null,
    filters,
  };
}

function walk(ctx, handle, limit, maxDepth) {
  const { Module } = ctx;
  const fid = fileOf(handle).file_id;
  const out = [];
  let truncated = false;
  const visit = (path, depth) => {
    let names;
    try { names = Module.get_names(fid, path, false); } catch (e) { out.push({ path, kind: 'error', error: String(e.message || e) }); return; }
    names = Array.from(names).sort();
    for (const name of names) {
      if (out.length >= limit) { truncated = true; return; }
      const full = (path === '/' ? '' : path) + '/' + name;
      let type;
      try { type = Module.get_type(fid, full); } catch (e) { out.push({ path: full, kind: 'error', error: String(e.message || e) }); continue; }
      if (type === Module.H5G_GROUP) {
        let attrs = [];
        try { attrs = Array.from(Module.get_attribute_names(fid, full)); } catch (e) { attrs = []; }
        out.push({ path: full, kind: 'group', attrs });
        if (depth < maxDepth) visit(full, depth + 1); else truncated = true;
      } else if (type === Module.H5G_DATASET) {
        try { out.push(Object.assign({ path: full, kind: 'dataset' }, datasetInfo(Module, fid, full))); }
        catch (e) { out.push({ path: full, kind: 'error', error: String(e.message || e) }); }
      } else if (type === Module.H5G_UDLINK) {
        let target = null;
        try { target = Module.get_external_link(fid, full); } catch (e) { target = null; }
        out.push({ path: full, kind: 'external', target });
      } else if (type === Module.H5G_LINK) {
        out.push({ path: full, kind: 'soft' });
      }
    }
  };
  visit('/', 0);
  return { entries: out, truncated };
}

function attrs(ctx, handle, path) {
  const f = fileOf(handle);
  const obj = f.get(path);
  if (!obj || !obj.attrs) return {};
  const out = {};
  for (const [name, attr] of Object.entries(obj.attrs)) {
    try { out[name] = plain(attr.value); } catch (e) { /* unreadable attribute types are skipped */ }
  }
  return out;
}

function smallValue(ctx, handle, path, maxElements) {
  const f = fileOf(handle);
  const ds = f.get(path);
  if (!(ds instanceof ctx.h5.Dataset)) return null;
  if ((ds.metadata.total_size || 0) > maxElements) return null;
  return plain(ds.value);
}

function read(ctx, handle, path, start, count) {
  const { Module } = ctx;
  const fid = fileOf(handle).file_id;
  const meta = Module.get_dataset_metadata(fid, path);
  let n = meta.size;
  for (const c of count) n *= c;
  if (!shared || shared.byteLength < n) throw new Error('shared buffer too small for ' + n + ' bytes');
  if (heapSize < n) {
    if (heapPtr) Module._free(heapPtr);
    heapPtr = Module._malloc(n);
    if (!heapPtr) { heapSize = 0; throw new Error('out of WebAssembly memory for ' + n + ' bytes'); }
    heapSize = n;
  }
  const status = Module.get_dataset_data(fid, path, count.map(BigInt), start.map(BigInt), count.map(() => 1n), BigInt(heapPtr));
  if (status < 0) throw new Error('H5Dread failed with status ' + status);
  new Uint8Array(shared, 0, n).set(Module.HEAPU8.subarray(heapPtr, heapPtr + n));
  return n;
}

function handle(ctx, req) {
  switch (req.op) {
    case 'ping': return 'pong';
    case 'open': {
      const f = new ctx.h5.File(req.path, 'r');
      const h = nextHandle++;
      files.set(h, f);
      return h;
    }
    case 'close': {
      const f = files.get(req.handle);
      if (f) { files.delete(req.handle); f.close(); }
      return true;
    }
    case 'walk': return walk(ctx, req.handle, req.limit, req.maxDepth);
    case 'attrs': return attrs(ctx, req.handle, req.path);
    case 'value': return smallValue(ctx, req.handle, req.path, req.maxElements);
    case 'read': return read(ctx, req.handle, req.path, req.start, req.count);
    default: throw new Error('unknown request ' + req.op);
  }
}

port.on('message', async (req) => {
  if (req.shared) shared = req.shared;
  let ctx;
  try {
    ctx = await ready;
  } catch (e) {
    reply({ ok: false, fatal: true, error: 'cannot load h5wasm: ' + String((e && e.message) || e) });
    return;
  }
  try {
    reply({ ok: true, value: handle(ctx, req) });
  } catch (e) {
    const message = String((e && e.message) || e);
    const fatal = e instanceof WebAssembly.RuntimeError || /Aborted|unreachable|memory access out of bounds/.test(message);
    reply({ ok: false, fatal, error: message });
  }
});
process.on('uncaughtException', (e) => reply({ ok: false, fatal: true, error: String((e && e.message) || e) }));
`;
