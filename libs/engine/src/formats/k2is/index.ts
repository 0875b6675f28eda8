import type { FormatReader } from '../format-reader';

/** Readers of this family, registered in ../registry.ts (filled in by issue #3). */
export const k2isReaders: FormatReader[] = [];
