import { allocArray, isFloat, product, type TypedArray } from '../dtype';
import type { AnyPlugin, BufferDecl, BufferDecls, DatasetInfo, TaskContext } from '../plugin';

/**
 * A plugin's buffer declarations for these parameters and data set: `udf.buffers` itself, or
 * what it returns when it is a function.
 *
 * @example
 * ```ts
 * import { resolveBufferDecls } from '@stemflow/plugin-sdk';
 *
 * const decls = resolveBufferDecls(plugin, { params: { radii: [5, 10] }, dataset });
 * const names = Object.keys(decls); // e.g. ['intensity']
 * ```
 */
export function resolveBufferDecls(plugin: AnyPlugin, ctx: TaskContext<unknown>): BufferDecls {
  const buffers = plugin.udf.buffers;
  return typeof buffers === 'function' ? buffers(ctx) : buffers;
}

/**
 * Elements per position: per frame for `nav`, per pixel for `sig`, the whole buffer for
 * `single` — the product of `extraShape` (1 without one).
 *
 * @example
 * ```ts
 * import { extraSize } from '@stemflow/plugin-sdk';
 *
 * extraSize({ kind: 'nav', dtype: 'float64', extraShape: [2] }); // 2: a (y, x) pair per frame
 * ```
 */
export function extraSize(decl: BufferDecl): number {
  return product(decl.extraShape ?? []);
}

/**
 * Elements of a buffer covering `frames` positions (nav) or the data set (sig/single).
 *
 * @example
 * ```ts
 * import { bufferLength, bytesPerElement } from '@stemflow/plugin-sdk';
 *
 * const decl = { kind: 'nav', dtype: 'float64', extraShape: [2] } as const;
 * const bytes = bufferLength(decl, dataset, dataset.frames) * bytesPerElement(decl.dtype); // memory of the merged result
 * ```
 */
export function bufferLength(decl: BufferDecl, dataset: DatasetInfo, frames: number): number {
  switch (decl.kind) {
    case 'nav':
      return frames * extraSize(decl);
    case 'sig':
      return product(dataset.sigShape) * extraSize(decl);
    case 'single':
      return extraSize(decl);
  }
}

/**
 * The user-facing shape of a merged buffer: nav or sig axes, then any extra axes (`[1]` for a `single` without extra axes).
 *
 * @example
 * ```ts
 * import { bufferShape } from '@stemflow/plugin-sdk';
 *
 * bufferShape({ kind: 'nav', dtype: 'float64', extraShape: [2] }, { navShape: [4, 5], sigShape: [64, 64], dtype: 'uint16', frames: 20 }); // [4, 5, 2]
 * ```
 */
export function bufferShape(decl: BufferDecl, dataset: DatasetInfo): number[] {
  const extra = [...(decl.extraShape ?? [])];
  switch (decl.kind) {
    case 'nav':
      return [...dataset.navShape, ...extra];
    case 'sig':
      return [...dataset.sigShape, ...extra];
    case 'single':
      return extra.length > 0 ? extra : [1];
  }
}

/**
 * Zero-filled buffers for `decls`: nav buffers for `frames` positions, sig and single ones
 * whole. With `fillNavWithNaN`, float nav buffers start as NaN ("not computed yet").
 *
 * @example
 * ```ts
 * import { allocBuffers } from '@stemflow/plugin-sdk';
 *
 * const buffers = allocBuffers({ intensity: { kind: 'nav', dtype: 'float64' } }, dataset, dataset.frames, true);
 * // buffers.intensity: Float64Array of dataset.frames NaNs
 * ```
 */
export function allocBuffers(decls: BufferDecls, dataset: DatasetInfo, frames: number, fillNavWithNaN = false): Record<string, TypedArray> {
  const out: Record<string, TypedArray> = {};
  for (const [name, decl] of Object.entries(decls)) {
    const array = allocArray(decl.dtype, bufferLength(decl, dataset, frames));
    if (fillNavWithNaN && decl.kind === 'nav' && isFloat(decl.dtype)) array.fill(Number.NaN);
    out[name] = array;
  }
  return out;
}
