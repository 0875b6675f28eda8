import type { DatasetDescriptor, OpenRequest } from './descriptor';
import type { DataSet } from './framed-source';

/** A file format: recognise it, describe a file (proposing shapes), and open it in any worker. */
export interface FormatReader {
  id: string;
  title: string;
  /** Other names users may give (`dm3` and `dm4` for `dm`). */
  aliases?: readonly string[];
  /** How sure this reader is that the file is its format: 0 no, 10 by extension, 100 by magic bytes. */
  detect(path: string, head: Uint8Array): number;
  /** Read headers and check sizes; the result must be plain JSON (it travels to workers). */
  describe(request: OpenRequest): DatasetDescriptor;
  open(descriptor: DatasetDescriptor): DataSet;
}
