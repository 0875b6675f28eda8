import type { FormatReader } from '../format-reader';
import { tvipsReader } from './tvips-reader';

/** Readers of this family, registered in ../registry.ts. */
export const tvipsReaders: FormatReader[] = [tvipsReader];
