/** What the user may type to correct the reader's guesses (all optional, as text). */
export interface ReaderOptionsValue {
  format: string;
  navShape: string;
  sigShape: string;
  dtype: string;
  /** Frames to skip (positive) or blank frames to insert (negative) before the scan starts. */
  syncOffset: string;
}

export const NO_READER_OPTIONS: ReaderOptionsValue = { format: '', navShape: '', sigShape: '', dtype: '', syncOffset: '' };

export const DTYPES = ['uint8', 'uint16', 'uint32', 'int8', 'int16', 'int32', 'float32', 'float64'];
