import type { FormatReader } from '../format-reader';
import { serReader } from './ser-reader';

/** FEI/Thermo Fisher TIA series (.ser with its .emi); registered in ../registry.ts. */
export const serReaders: FormatReader[] = [serReader];
