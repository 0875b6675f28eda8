import type { FormatReader } from '../format-reader';
import { mibReader } from './mib-reader';

/** Readers of this family, registered in ../registry.ts. */
export const mibReaders: FormatReader[] = [mibReader];
