import { allocArray, isFloat, product, type TypedArray } from '../dtype';
import type { AnyPlugin, BufferDecl, BufferDecls, DatasetInfo, TaskContext } from '../plugin';

export function resolveBufferDecls(plugin: AnyPlugin, ctx: TaskContext<unknown>): BufferDecls {
  const buffers = plugin.udf.buffers;
  return typeof buffers === 'function' ? buffers(ctx) : buffers;
}

/** Elements per position: per frame for `nav`, per pixel for `sig`, the whole buffer for `single`. */
export function extraSize(decl: BufferDecl): number {
  return product(decl.extraShape ?? []);
}

/** Elements of a buffer covering `frames` positions (nav) or the data set (sig/single). */
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

/** The user-facing shape of a merged buffer: nav or sig axes, then any extra axes. */
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

export function allocBuffers(decls: BufferDecls, dataset: DatasetInfo, frames: number, fillNavWithNaN = false): Record<string, TypedArray> {
  const out: Record<string, TypedArray> = {};
  for (const [name, decl] of Object.entries(decls)) {
    const array = allocArray(decl.dtype, bufferLength(decl, dataset, frames));
    if (fillNavWithNaN && decl.kind === 'nav' && isFloat(decl.dtype)) array.fill(Number.NaN);
    out[name] = array;
  }
  return out;
}
