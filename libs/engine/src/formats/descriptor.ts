import type { DType } from '@stemflow/plugin-sdk';

export type ByteOrder = 'little' | 'big';

/**
 * Everything needed to open a data set again, in any worker: serializable, fully resolved
 * (no detection left to do).
 */
export interface DatasetDescriptor {
  path: string;
  format: string;
  navShape: number[];
  sigShape: number[];
  dtype: DType;
  byteOrder: ByteOrder;
  /** Bytes before the first frame. */
  offset: number;
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
}
