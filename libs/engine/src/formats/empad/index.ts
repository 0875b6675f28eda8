import type { FormatReader } from '../format-reader';
import { empadReader } from './empad-reader';

/** Readers of this family, registered in ../registry.ts. */
export const empadReaders: FormatReader[] = [empadReader];
