import type { FormatReader } from '../format-reader';
import { bloReader } from './blo-reader';

/** Readers of this family, registered in ../registry.ts. */
export const bloReaders: FormatReader[] = [bloReader];
