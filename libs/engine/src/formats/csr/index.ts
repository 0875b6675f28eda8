import type { FormatReader } from '../format-reader';
import { csrReader } from './csr-reader';

/** Readers of this family, registered in ../registry.ts. */
export const csrReaders: FormatReader[] = [csrReader];
export { csrReader };
