import type { Static, TSchema } from 'typebox';
import type { DType, TypedArray } from './dtype';
import type { FieldError } from './errors';

/** The version of the plugin API this SDK implements; plugins declare a range (`"apiVersion": "^1"`). */
export const PLUGIN_API_VERSION = '1.0.0';

/**
 * Where a result buffer lives: one value (or small array) per scan position, an array
 * shaped like one frame, or a fixed shape for the whole data set.
 */
export type BufferKind = 'nav' | 'sig' | 'single';

export interface BufferDecl {
  kind: BufferKind;
  dtype: DType;
  /** Axes appended after nav / sig (e.g. `[2]` for a (y, x) pair per scan position). */
  extraShape?: readonly number[];
  /** `private` buffers are merged but never shown to the user. */
  use?: 'private';
}

export type BufferDecls = Record<string, BufferDecl>;

/** Typed views onto a UDF's buffers, one per declared name. */
export type BufferViews<B extends BufferDecls> = { [K in keyof B]: TypedArray };

/** What a plugin knows about the data set before it runs. */
export interface DatasetInfo {
  navShape: readonly number[];
  sigShape: readonly number[];
  dtype: DType;
  /** Number of frames, `prod(navShape)`. */
  frames: number;
}

/**
 * A contiguous block of frames and detector rows, in the data set's dtype — or float32 (float64
 * for 32-bit and float64 data) when detector corrections are applied.
 */
export interface Tile {
  /** `depth × rows × width` elements, C order. */
  data: TypedArray;
  depth: number;
  /** First detector row of the tile; a tile always spans whole rows. */
  rowStart: number;
  rows: number;
  width: number;
  /** Flat nav index of each frame of the tile. */
  navIndices: Int32Array;
}

/** One whole frame for `processFrame`. */
export interface Frame {
  /** `sigShape` elements, C order. */
  data: TypedArray;
  navIndex: number;
}

export interface TaskContext<P> {
  params: P;
  dataset: DatasetInfo;
}

export interface ProcessContext<P, B extends BufferDecls, T> extends TaskContext<P> {
  /** Per-task state built once by `taskData`. */
  task: T;
  /**
   * Views for exactly the data being processed: `nav` buffers cover the tile's (or frame's)
   * positions, `sig` buffers the tile's rows, `single` buffers the whole buffer. Accumulate with `+=`.
   */
  out: BufferViews<B>;
}

export interface ResultsContext<P> extends TaskContext<P> {
  /** 1 at scan positions whose partition has been merged (and that lie in the ROI). */
  valid: Uint8Array;
}

/** An n-dimensional result: C-order data with its shape. */
export interface NDArray {
  data: TypedArray;
  shape: number[];
}

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
  processTile?: (tile: Tile, ctx: ProcessContext<P, B, T>) => void;
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

export interface PluginDefinition<S extends TSchema, B extends BufferDecls, T> {
  /** kebab-case, unique: the package name without `@stemflow/plugin-`. */
  id: string;
  title: string;
  description: string;
  /** The single source of parameter types, validation and the form. */
  params: S;
  /** Values that suit this data set (e.g. the frame centre); merged under the user's input. */
  defaults?: (dataset: DatasetInfo) => Partial<Static<S>>;
  /** Cross-field checks the schema cannot express; each error points at a field. */
  check?: (params: Static<S>, dataset?: DatasetInfo) => FieldError[];
  udf: UdfDefinition<Static<S>, B, T>;
}

/** A plugin with its types erased, as the host and engine handle it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPlugin = PluginDefinition<TSchema, BufferDecls, any>;

const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*(\.[a-z][a-z0-9]*(-[a-z0-9]+)*)?$/;

/**
 * Declare an analysis plugin. Returns the definition unchanged after checking its shape,
 * so a mistake shows up when the plugin loads, not in the middle of a job.
 *
 * @example
 * export default definePlugin({
 *   id: 'sum', title: 'Sum of frames', description: 'Adds all frames',
 *   params: Type.Object({}),
 *   udf: {
 *     buffers: { intensity: { kind: 'sig', dtype: 'float64' } },
 *     processTile: (tile, { out }) => sumFrames(tile, out.intensity),
 *   },
 * });
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
