import type { FormatReader } from '../format-reader';
import { hdf5Reader } from './hdf5-reader';

/** Readers of this family, registered in ../registry.ts. */
export const hdf5Readers: FormatReader[] = [hdf5Reader];
export { hdf5Reader };
export type { Hdf5Params } from './hdf5-dataset';
