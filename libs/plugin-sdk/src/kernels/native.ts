import { join } from 'node:path';
import type { TypedArray } from '../dtype';
import type { KernelInfo } from './backend';

/** The C++ SIMD kernels (native/src/addon.cc); argument order mirrors the addon's comments. */
export interface NativeKernels {
  /** The build chosen when the addon loaded. */
  isa: string;
  /** Builds this CPU runs, widest first. */
  supportedIsas(): string[];
  /** Switch the whole process to another build (tests only: never while kernels run elsewhere). */
  useIsa(name: string): string;
  sumFrames(data: TypedArray, depth: number, size: number, out: Float32Array | Float64Array): void;
  sumPerFrame(data: TypedArray, depth: number, size: number, out: Float32Array | Float64Array): void;
  applyMasks(
    data: TypedArray,
    depth: number,
    size: number,
    masks: Float32Array | Float64Array,
    count: number,
    sigSize: number,
    maskOffset: number,
    out: Float64Array,
  ): void;
  applyRuns(
    data: TypedArray,
    depth: number,
    size: number,
    offset: number,
    count: number,
    runStart: Int32Array,
    runLength: Int32Array,
    runWeight: Float64Array,
    runPtr: Int32Array,
    stride: number,
    rowStart: number,
    rows: number,
    out: Float64Array,
  ): void;
  comMoments(
    data: TypedArray,
    depth: number,
    rows: number,
    width: number,
    rowStart: number,
    mask: Uint8Array | Float32Array | Float64Array,
    out: Float64Array,
  ): void;
  welfordTile(data: TypedArray, depth: number, size: number, n0: number, sum: Float64Array, varsum: Float64Array): void;
  reserveWindow(bytes: number): ArrayBuffer;
  /** Byte offset of `position` in the window after mapping, or −1 when it cannot be mapped. */
  mapWindow(window: ArrayBuffer, fd: number, position: number, length: number): number;
  releaseWindow(window: ArrayBuffer): void;
}

const ADDON = join(__dirname, '../../native/build/Release/stemflow_kernels.node');

function load(): { kernels?: NativeKernels; info: KernelInfo } {
  if (process.env['STEMFLOW_KERNELS'] === 'js') return { info: { backend: 'js', reason: 'STEMFLOW_KERNELS=js' } };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a compiled addon loads only through require
    const kernels = require(ADDON) as NativeKernels;
    return { kernels, info: { backend: 'native', isa: kernels.isa } };
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { info: { backend: 'js', reason: `native kernels not loaded (${why}); build them with "npm run build"` } };
  }
}

const loaded = load();

/** The native kernels, or undefined when this process runs the JavaScript ones. */
export const native: NativeKernels | undefined = loaded.kernels;

/** Which kernels this process runs (for benchmarks and `stemflow bench --json`). */
export function nativeKernelInfo(): KernelInfo {
  return loaded.info;
}

/** Element types the addon reads (every dtype the readers deliver except 64-bit integers). */
export function isNativeInput(a: TypedArray): boolean {
  return !(a instanceof BigInt64Array || a instanceof BigUint64Array || a instanceof Uint8ClampedArray);
}

/** Float output/mask arrays the addon writes or reads. */
export function isFloatArray(a: unknown): a is Float32Array | Float64Array {
  return a instanceof Float64Array || a instanceof Float32Array;
}
