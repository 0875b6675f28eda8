import type { DType } from '@stemflow/plugin-sdk';

export type ByteOrder = 'little' | 'big';

/** Physical facts a reader found in the file, kept with the data set and its results. */
export interface DatasetMetadata {
  /** Detector pixel size as [y, x] with its unit (e.g. 'm', '1/nm', 'mrad'). */
  sigPixelSize?: { value: [number, number]; unit: string };
  /** Scan step as [y, x] with its unit. */
  navPixelSize?: { value: [number, number]; unit: string };
  /** Scan rotation in degrees. */
  scanRotation?: number;
  /** Camera length in metres. */
  cameraLength?: number;
  /** Beam energy in electronvolts. */
  beamEnergy?: number;
  /** Acquisition start, ISO 8601. */
  acquisitionTime?: string;
  /** Exposure per frame in seconds. */
  exposureTime?: number;
  /** Anything else a reader wants to keep, as plain JSON. */
  extra?: Record<string, unknown>;
}

/**
 * Everything needed to open a data set again, in any worker: serializable, fully resolved
 * (no detection left to do). Large tables (frame offsets) are re-read by `open`, not carried here.
 */
export interface DatasetDescriptor {
  path: string;
  format: string;
  navShape: number[];
  sigShape: number[];
  dtype: DType;
  byteOrder: ByteOrder;
  /** Bytes before the first frame (formats with one fixed header). */
  offset: number;
  /** Frames in the file(s); nav positions beyond them (or before, see syncOffset) read as zeros. */
  imageCount?: number;
  /** Positive: skip that many frames at the start; negative: insert that many blank frames. */
  syncOffset?: number;
  /** Reader-specific settings, plain JSON (file lists, header sizes, bit depth…). */
  params?: Record<string, unknown>;
  metadata?: DatasetMetadata;
}

/** What a user asks to open; anything left out is detected or refused with a hint. */
export interface OpenRequest {
  path: string;
  format?: string;
  navShape?: number[];
  sigShape?: number[];
  dtype?: DType;
  byteOrder?: ByteOrder;
  offset?: number;
  syncOffset?: number;
  /** Reader-specific options (e.g. `{ dataset: '/path/in/hdf5' }`). */
  params?: Record<string, unknown>;
}
