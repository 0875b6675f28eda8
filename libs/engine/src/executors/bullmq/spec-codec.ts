import { StemflowError } from '@stemflow/plugin-sdk';
import type { JobSpec } from '../executor';

/**
 * A JobSpec as JSON for Redis. Typed arrays (ROI, corrections) travel as base64 of their bytes,
 * never as number lists; a plugin given as an object cannot travel, only a module path and id.
 */
type Encoded = { __typed: string; base64: string };

const TYPED: Record<string, new (buffer: ArrayBuffer) => ArrayBufferView> = {
  Uint8Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
};

function encodeValue(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name;
    if (!TYPED[name]) throw new StemflowError('INTERNAL', `cannot send a ${name} to bullmq workers`);
    return { __typed: name, base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') } satisfies Encoded;
  }
  return value;
}

function decodeValue(_key: string, value: unknown): unknown {
  const v = value as Encoded | null;
  if (v && typeof v === 'object' && typeof v.__typed === 'string' && typeof v.base64 === 'string') {
    const bytes = Buffer.from(v.base64, 'base64');
    const copy = new ArrayBuffer(bytes.length); // aligned memory of its own
    new Uint8Array(copy).set(bytes);
    return new TYPED[v.__typed]!(copy);
  }
  return value;
}

/** Serialize a spec for workers; refuses plugins that exist only as objects in this process. */
export function encodeSpec(spec: JobSpec): string {
  if (!spec.plugin.module) {
    throw new StemflowError('PLUGIN_INVALID', `plugin "${spec.plugin.id}" has no module path, so bullmq workers cannot load it: install it as a plugin package`);
  }
  const { instance: _instance, ...plugin } = spec.plugin;
  return JSON.stringify({ ...spec, plugin }, encodeValue);
}

export function decodeSpec(text: string): JobSpec {
  return JSON.parse(text, decodeValue) as JobSpec;
}
