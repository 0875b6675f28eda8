import type { FormatReader } from '../format-reader';
import { k2isReader } from './k2is-reader';

/** Readers of this family, registered in ../registry.ts. */
export const k2isReaders: FormatReader[] = [k2isReader];
export { k2isReader };
