import type { Static, TSchema } from 'typebox';
import type { DType, TypedArray } from './dtype';
import type { FieldError } from './errors';

/**
 * The version of the plugin API this SDK implements; plugins declare a range (`"apiVersion": "^1"`
 * under `"stemflow"` in package.json) and the host refuses a package whose range excludes it.
 *
 * @example
 * ```ts
 * import { PLUGIN_API_VERSION } from '@stemflow/plugin-sdk';
 *
 * const major = Number(PLUGIN_API_VERSION.split('.')[0]);
 * if (major !== 1) throw new Error(`this plugin is made for plugin API ^1, the host runs ${PLUGIN_API_VERSION}`);
 * ```
 */
export const PLUGIN_API_VERSION = '1.1.0';

/**
 * Where a result buffer lives: one value (or small array) per scan position, an array
 * shaped like one frame, or a fixed shape for the whole data set.
 *
 * @example
 * ```ts
 * import type { BufferKind } from '@stemflow/plugin-sdk';
 *
 * const perScanPosition: BufferKind = 'nav'; // an image over the scan (a virtual detector)
 * const perPixel: BufferKind = 'sig'; // a frame-shaped image (a sum of frames)
 * const whole: BufferKind = 'single'; // a fixed shape (a histogram, a frame count)
 * ```
 */
export type BufferKind = 'nav' | 'sig' | 'single';

/**
 * One result buffer of a UDF: where it lives (`kind`), its element type and any extra axes.
 *
 * @example
 * ```ts
 * import type { BufferDecl } from '@stemflow/plugin-sdk';
 *
 * // The centre of mass: a (y, x) pair per scan position.
 * const com: BufferDecl = { kind: 'nav', dtype: 'float64', extraShape: [2] };
 * // A running total that `results` turns into a mean, never shown itself.
 * const total: BufferDecl = { kind: 'sig', dtype: 'float64', use: 'private' };
 * ```
 */
export interface BufferDecl {
  /** Per scan position (`nav`), per detector pixel (`sig`) or one fixed shape (`single`). */
  kind: BufferKind;
  /** Element type; `float64` for sums (exact for integer data), `float32` to halve the memory. */
  dtype: DType;
  /** Axes appended after nav / sig (e.g. `[2]` for a (y, x) pair per scan position). */
  extraShape?: readonly number[];
  /** `private` buffers are merged but never shown to the user. */
  use?: 'private';
}

/**
 * A UDF's result buffers by name: `udf.buffers`, or what a `udf.buffers` function returns.
 *
 * @example
 * ```ts
 * import type { BufferDecls } from '@stemflow/plugin-sdk';
 *
 * // One image per mask: the extra axis depends on the parameters.
 * const buffers = ({ params }: { params: { radii: number[] } }): BufferDecls => ({
 *   intensity: { kind: 'nav', dtype: 'float64', extraShape: [params.radii.length] },
 * });
 * ```
 */
export type BufferDecls = Record<string, BufferDecl>;

/**
 * Typed views onto a UDF's buffers, one per declared name: `ctx.out` in the process callbacks,
 * the arguments of `merge` and `results`.
 *
 * @example
 * ```ts
 * import type { BufferViews } from '@stemflow/plugin-sdk';
 *
 * type Buffers = { peak: { kind: 'sig'; dtype: 'float64' } };
 * // A maximum merges associatively and commutatively, as `merge` must.
 * function merge(dest: BufferViews<Buffers>, src: BufferViews<Buffers>): void {
 *   for (let p = 0; p < dest.peak.length; p++) dest.peak[p] = Math.max(dest.peak[p]!, src.peak[p]!);
 * }
 * ```
 */
export type BufferViews<B extends BufferDecls> = { [K in keyof B]: TypedArray };

/**
 * What a plugin knows about the data set before it runs: given to `defaults`, `check`,
 * `buffers`, `taskData` and every callback's context.
 *
 * @example
 * ```ts
 * import type { DatasetInfo } from '@stemflow/plugin-sdk';
 *
 * // The centre of the frame as the default detector position.
 * function defaults({ sigShape }: DatasetInfo): { cx: number; cy: number } {
 *   const [h = 1, w = 1] = sigShape;
 *   return { cx: w / 2, cy: h / 2 };
 * }
 * ```
 */
export interface DatasetInfo {
  /** Scan shape, e.g. `[ny, nx]`; C order, the last axis fastest. */
  navShape: readonly number[];
  /** Frame (detector) shape, e.g. `[height, width]`. */
  sigShape: readonly number[];
  /** Element type of the frames as stored. */
  dtype: DType;
  /** Number of frames, `prod(navShape)`. */
  frames: number;
}

/**
 * A contiguous block of frames and detector rows, in the data set's dtype — or float32 (float64
 * for 32-bit and float64 data) when detector corrections are applied. One frame may arrive as
 * several tiles (row bands): accumulate with `+=`.
 *
 * @example
 * ```ts
 * import type { Tile } from '@stemflow/plugin-sdk';
 *
 * // The brightest pixel of each frame of the tile's rows, into a nav view (one value per frame).
 * function tileMaximum(tile: Tile, out: Float64Array): void {
 *   const size = tile.rows * tile.width;
 *   for (let f = 0; f < tile.depth; f++) {
 *     let max = -Infinity;
 *     for (let p = 0; p < size; p++) max = Math.max(max, tile.data[f * size + p]!);
 *     out[f] = Math.max(out[f]!, max);
 *   }
 * }
 * ```
 */
export interface Tile {
  /** `depth × rows × width` elements, C order. */
  data: TypedArray;
  /** Number of frames in the tile. */
  depth: number;
  /** First detector row of the tile; a tile always spans whole rows. */
  rowStart: number;
  /** Number of detector rows in the tile. */
  rows: number;
  /** Detector width: elements per row. */
  width: number;
  /** Flat nav index of each frame of the tile. */
  navIndices: Int32Array;
}

/**
 * One whole frame for `processFrame`, for work that needs all pixels at once (an FFT, a fit).
 *
 * @example
 * ```ts
 * import { definePlugin, Type, type Frame } from '@stemflow/plugin-sdk';
 *
 * export default definePlugin({
 *   id: 'frame-max',
 *   title: 'Brightest pixel',
 *   description: 'The largest value of each frame.',
 *   params: Type.Object({}),
 *   udf: {
 *     buffers: { max: { kind: 'nav', dtype: 'float64' } },
 *     processFrame: (frame: Frame, { out }) => {
 *       let max = -Infinity;
 *       for (const v of frame.data) max = Math.max(max, v);
 *       out.max[0] = max;
 *     },
 *   },
 * });
 * ```
 */
export interface Frame {
  /** `sigShape` elements, C order. */
  data: TypedArray;
  /** Flat scan index of the frame (C order over `navShape`). */
  navIndex: number;
}

/**
 * What every UDF callback is told: the resolved parameters and the data set.
 *
 * @example
 * ```ts
 * import { detectorMask, type TaskContext } from '@stemflow/plugin-sdk';
 *
 * // A `taskData`: build the mask once per task, never per tile.
 * const taskData = ({ params, dataset }: TaskContext<{ cx: number; cy: number; r: number }>) => ({
 *   mask: detectorMask(dataset.sigShape, { shape: 'disk', ...params }),
 * });
 * ```
 */
export interface TaskContext<P> {
  /** The parameters, completed with defaults and validated (`resolveParams`). */
  params: P;
  /** The data set being processed. */
  dataset: DatasetInfo;
}

/**
 * The second argument of `processTile`, `processFrame` and `processPartition`: parameters, data
 * set, the task's state from `taskData`, and `out`, the buffer views for the data at hand.
 *
 * @example
 * ```ts
 * import { definePlugin, detectorMask, maskedSum, Type } from '@stemflow/plugin-sdk';
 *
 * export default definePlugin({
 *   id: 'disk-sum',
 *   title: 'Disk sum',
 *   description: 'Sum of each frame inside a disk.',
 *   params: Type.Object({ r: Type.Number({ title: 'Radius', minimum: 0, default: 8, 'x-ui': { unit: 'px' } }) }),
 *   udf: {
 *     buffers: { intensity: { kind: 'nav', dtype: 'float64' } },
 *     taskData: ({ params, dataset }) => ({ mask: detectorMask(dataset.sigShape, { shape: 'disk', r: params.r }) }),
 *     // ctx.task is what taskData returned; ctx.out.intensity covers the tile's frames.
 *     processTile: (tile, ctx) => maskedSum(tile, ctx.task.mask, ctx.out.intensity),
 *   },
 * });
 * ```
 */
export interface ProcessContext<P, B extends BufferDecls, T> extends TaskContext<P> {
  /** Per-task state built once by `taskData`. */
  task: T;
  /**
   * Views for exactly the data being processed: `nav` buffers cover the tile's (or frame's)
   * positions, `sig` buffers the tile's rows, `single` buffers the whole buffer. Accumulate with `+=`.
   */
  out: BufferViews<B>;
}

/**
 * The context of `results`: parameters, data set and which scan positions hold merged data.
 *
 * @example
 * ```ts
 * import type { NDArray, ResultsContext } from '@stemflow/plugin-sdk';
 *
 * // Show NaN, not zero, where no partition has been merged yet.
 * function results({ intensity }: { intensity: Float64Array }, { dataset, valid }: ResultsContext<unknown>): Record<string, NDArray> {
 *   const data = intensity.map((v, i) => (valid[i] ? v : Number.NaN));
 *   return { intensity: { data, shape: [...dataset.navShape] } };
 * }
 * ```
 */
export interface ResultsContext<P> extends TaskContext<P> {
  /** 1 at scan positions whose partition has been merged (and that lie in the ROI). */
  valid: Uint8Array;
}

/**
 * An n-dimensional result: C-order data with its shape. What `results` returns and what the
 * host saves (`.npy`, TIFF, PNG).
 *
 * @example
 * ```ts
 * import type { NDArray } from '@stemflow/plugin-sdk';
 *
 * // A 2-vector per scan position of a 4 × 5 scan.
 * const com: NDArray = { data: new Float64Array(4 * 5 * 2), shape: [4, 5, 2] };
 * ```
 */
export interface NDArray {
  /** `product(shape)` elements, C order. */
  data: TypedArray;
  /** Sizes of the axes, slowest first. */
  shape: number[];
}

/**
 * The computation of a plugin (LiberTEM's UDF): result buffers, per-task state, one process
 * callback (`processTile`, `processFrame` or `processPartition`), and optional `merge` and
 * `results`. Partitions run in parallel and merge in any order.
 *
 * @example
 * ```ts
 * import { definePlugin, sumPerFrame, Type } from '@stemflow/plugin-sdk';
 *
 * export default definePlugin({
 *   id: 'total-intensity',
 *   title: 'Total intensity',
 *   description: 'The sum of every frame: a bright-field-like image of the scan.',
 *   params: Type.Object({}),
 *   udf: {
 *     buffers: { intensity: { kind: 'nav', dtype: 'float64' } },
 *     // A frame may come as several row bands: the kernel adds into the frame's value.
 *     processTile: (tile, { out }) => sumPerFrame(tile, out.intensity),
 *   },
 * });
 * ```
 */
export interface UdfDefinition<P, B extends BufferDecls, T> {
  /** Result buffers; a function when their extra shape depends on the parameters. */
  buffers: B | ((ctx: TaskContext<P>) => B);
  /**
   * The only scan positions (flat nav indices) this UDF needs, e.g. one frame for `pick`.
   * Combined with the user's ROI; nothing else is read. Default: every position.
   */
  frames?: (ctx: TaskContext<P>) => readonly number[];
  /** Built once per partition task (masks, lookup tables), never per tile. */
  taskData?: (ctx: TaskContext<P>) => T;
  /**
   * Receives a block of frames × detector rows; `ctx.out` covers exactly its frames (nav) or rows
   * (sig). The fastest choice whenever the computation adds up over pixels.
   */
  processTile?: (tile: Tile, ctx: ProcessContext<P, B, T>) => void;
  /** Receives one whole frame, for work that needs all its pixels at once. */
  processFrame?: (frame: Frame, ctx: ProcessContext<P, B, T>) => void;
  /** Receives the whole partition (all ROI frames, full sig) as one tile. */
  processPartition?: (partition: Tile, ctx: ProcessContext<P, B, T>) => void;
  /**
   * Combine a partition's `sig`/`single` buffers into the running total. Must be associative
   * and commutative: partitions finish in any order. Default: element-wise sum.
   * `nav` buffers are never passed: they are placed at the partition's positions.
   */
  merge?: (dest: BufferViews<B>, src: BufferViews<B>, ctx: TaskContext<P>) => void;
  /** Turn merged buffers into the named results the user sees. Default: every non-private buffer. */
  results?: (buffers: BufferViews<B>, ctx: ResultsContext<P>) => Record<string, NDArray>;
  /** Preferred frames per tile (LiberTEM's default is 32). */
  tileDepth?: number;
}

/**
 * Everything a plugin declares: identity, the parameter schema (type, validation and form in
 * one), data-set-aware defaults, cross-field checks and the UDF. Pass it to `definePlugin`.
 *
 * @example
 * ```ts
 * import { definePlugin, sumFrames, Type, type DatasetInfo, type FieldError, type Static } from '@stemflow/plugin-sdk';
 *
 * export const BandParams = Type.Object({
 *   first: Type.Integer({ title: 'First frame', minimum: 0, default: 0 }),
 *   last: Type.Integer({ title: 'Last frame', minimum: 0 }),
 * });
 * export type BandParams = Static<typeof BandParams>;
 *
 * export default definePlugin({
 *   id: 'frame-band-sum',
 *   title: 'Sum of a frame range',
 *   description: 'Adds frames first … last (flat scan indices).',
 *   params: BandParams,
 *   defaults: (dataset: DatasetInfo) => ({ last: dataset.frames - 1 }),
 *   check: (p): FieldError[] => (p.last < p.first ? [{ path: '/last', message: 'must not be before the first frame: raise last' }] : []),
 *   udf: {
 *     buffers: { intensity: { kind: 'sig', dtype: 'float64' } },
 *     frames: ({ params }) => Array.from({ length: params.last - params.first + 1 }, (_, i) => params.first + i),
 *     processTile: (tile, { out }) => sumFrames(tile, out.intensity),
 *   },
 * });
 * ```
 */
export interface PluginDefinition<S extends TSchema, B extends BufferDecls, T> {
  /** kebab-case, unique: the package name without `@stemflow/plugin-`. */
  id: string;
  /** Name in the analysis menu, e.g. "Virtual detector". */
  title: string;
  /** One or two sentences on what the analysis computes. */
  description: string;
  /** The single source of parameter types, validation and the form. */
  params: S;
  /** Values that suit this data set (e.g. the frame centre); merged under the user's input. */
  defaults?: (dataset: DatasetInfo) => Partial<Static<S>>;
  /** Cross-field checks the schema cannot express; each error points at a field. */
  check?: (params: Static<S>, dataset?: DatasetInfo) => FieldError[];
  /** The computation: buffers, task state and the process callback. */
  udf: UdfDefinition<Static<S>, B, T>;
}

/**
 * A plugin with its types erased, as the host and engine handle it — and what the test helpers
 * take, so any `definePlugin` result fits.
 *
 * @example
 * ```ts
 * import type { AnyPlugin } from '@stemflow/plugin-sdk';
 *
 * function listing(plugins: readonly AnyPlugin[]): string[] {
 *   return plugins.map((p) => `${p.id}: ${p.title}`);
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPlugin = PluginDefinition<TSchema, BufferDecls, any>;

const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*(\.[a-z][a-z0-9]*(-[a-z0-9]+)*)?$/;

/**
 * Declare an analysis plugin: the one default export of a plugin package. Returns the
 * definition unchanged after checking its shape, so a mistake shows up when the plugin loads,
 * not in the middle of a job.
 *
 * @param definition - id, title, description, `params` schema, optional `defaults`/`check`, and the `udf`.
 * @returns The same definition, typed both as itself and as `AnyPlugin` (what the host and `runUdf` take).
 * @throws `TypeError` when the id is not kebab-case or the UDF has no process callback.
 *
 * @example
 * ```ts
 * import { definePlugin, sumFrames, Type } from '@stemflow/plugin-sdk';
 *
 * export default definePlugin({
 *   id: 'sum',
 *   title: 'Sum of frames',
 *   description: 'Adds all frames into one diffraction image.',
 *   params: Type.Object({}),
 *   udf: {
 *     buffers: { intensity: { kind: 'sig', dtype: 'float64' } },
 *     processTile: (tile, { out }) => sumFrames(tile, out.intensity),
 *   },
 * });
 * ```
 */
export function definePlugin<S extends TSchema, B extends BufferDecls, T = undefined>(
  definition: PluginDefinition<S, B, T>,
): PluginDefinition<S, B, T> & AnyPlugin {
  if (!ID_PATTERN.test(definition.id)) {
    throw new TypeError(`plugin id "${definition.id}" must be kebab-case, e.g. "virtual-detector"`);
  }
  const udf = definition.udf;
  if (!udf.processTile && !udf.processFrame && !udf.processPartition) {
    throw new TypeError(`plugin "${definition.id}": udf needs processTile, processFrame or processPartition`);
  }
  // Also typed as AnyPlugin: under strictFunctionTypes a plugin's callbacks (taking its own params and
  // buffers) are not assignable to the erased ones, so `runUdf(plugin)` did not type-check. Sound: the
  // host calls a plugin only with params its schema validated and the buffers it declared.
  return definition as PluginDefinition<S, B, T> & AnyPlugin;
}
