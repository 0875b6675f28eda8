import { Type, type Static } from '@stemflow/plugin-sdk';

/** The frame statistics take no parameters: they run over every frame (or the ROI). */
export const FrameStatisticsParams = Type.Object({}, { title: 'No parameters', description: 'Runs over every frame, or the frames in the region of interest.' });
export type FrameStatisticsParams = Static<typeof FrameStatisticsParams>;

/** A sig-shaped array of NaN: the "unknown" answer when no frame was seen. */
export function nanLike(length: number): Float64Array {
  return new Float64Array(length).fill(Number.NaN);
}
