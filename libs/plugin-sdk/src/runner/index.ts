export type { FrameSource } from './frame-source';
export { makePartitions, selectFrames, countSelected, type Partition, type PartitionOptions } from './partitions';
export { BufferPool } from './buffer-pool';
export { MappedWindow } from './mapped-window';
export { allocBuffers, bufferLength, bufferShape, extraSize, resolveBufferDecls } from './buffers';
export { runPartition, chooseTileShape, type PartitionResult, type RunPartitionOptions, type TileShape } from './run-partition';
export { ResultAccumulator, checkResultShape } from './result-accumulator';
export { runInline, type RunInlineOptions } from './run-inline';
export { effectiveRoi } from './roi';
export {
  correctedDtype,
  correctTile,
  excludedFromCoords,
  excludedFromMask,
  hasCorrections,
  prepareCorrections,
  shareCorrections,
  type Corrections,
  type PreparedCorrections,
} from './corrections';
