import type { FormatReader } from '../format-reader';
import { seqReader } from './seq-reader';

/** Readers of this family, registered in ../registry.ts. */
export const seqReaders: FormatReader[] = [seqReader];
