import { useSyncExternalStore } from 'react';
import { roiMask, type RoiRect } from './roi';

// The ROI drawn on the scan, shared between the scan viewer (which draws it) and the job
// request (which carries it), so the analysis form needs no knowledge of it.

export interface DrawnRoi {
  datasetId: string;
  width: number;
  height: number;
  rect: RoiRect;
}

let current: DrawnRoi | null = null;
const listeners = new Set<() => void>();

export function setDrawnRoi(roi: DrawnRoi | null): void {
  current = roi;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The ROI drawn on this data set's scan, if any. */
export function useDrawnRoi(datasetId: string): DrawnRoi | null {
  const roi = useSyncExternalStore(subscribe, () => current);
  return roi?.datasetId === datasetId ? roi : null;
}

/** The `roi` field of a new job on this data set: present only when one is drawn. */
export function roiForJob(datasetId: string): { roi?: number[] } {
  const roi = current?.datasetId === datasetId ? current : null;
  return roi ? { roi: roiMask(roi.rect, roi.width, roi.height) } : {};
}
