import type { FormatReader } from '../format-reader';
import { dmReader } from './dm-reader';

/** Gatan DigitalMicrograph DM3/DM4 (id 'dm', aliases 'dm3' and 'dm4'); registered in ../registry.ts. */
export const dmReaders: FormatReader[] = [dmReader];
