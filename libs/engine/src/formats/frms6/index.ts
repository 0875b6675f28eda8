import type { FormatReader } from '../format-reader';
import { frms6Reader } from './frms6-reader';

/** Readers of this family, registered in ../registry.ts. */
export const frms6Readers: FormatReader[] = [frms6Reader];
export { frms6Reader };
export { Frms6DataSet, frms6DarkFrame, type Frms6Params } from './frms6-dataset';
