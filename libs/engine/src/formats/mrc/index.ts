import type { FormatReader } from '../format-reader';
import { mrcReader } from './mrc-reader';

/** Readers of this family, registered in ../registry.ts. */
export const mrcReaders: FormatReader[] = [mrcReader];
