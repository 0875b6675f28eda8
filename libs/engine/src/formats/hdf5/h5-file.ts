import { StemflowError } from '@stemflow/plugin-sdk';
import { H5HelperError, h5Bridge } from './h5-bridge';

/** What the helper reports about one object of the file tree. */
export interface H5Entry {
  path: string;
  kind: 'group' | 'dataset' | 'external' | 'soft' | 'error';
  /** Group attribute names. */
  attrs?: string[];
  shape?: number[] | null;
  /** HDF5 type class: 0 integer, 1 float (others are not pixel data). */
  type?: number;
  size?: number;
  signed?: boolean;
  littleEndian?: boolean;
  vlen?: boolean;
  chunks?: number[] | null;
  filters?: { id: number; name: string }[];
  target?: { filename: string; obj_path: string } | null;
  error?: string;
}

/** The innermost message of an HDF5 error stack ("file signature not found"), or the text itself. */
export function summarizeH5Error(text: string): string {
  const lines = [...text.matchAll(/#\d+: .*? in ([^(]+)\(\): (.*)/g)];
  const last = lines[lines.length - 1];
  return last ? last[2]!.trim() : text.split('\n')[0]!.trim();
}

/** Turn a helper failure into a StemflowError that names the file. */
export function h5Error(path: string, error: unknown, doing: string): StemflowError {
  if (error instanceof StemflowError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const summary = summarizeH5Error(raw);
  if (/No such file or directory/.test(raw) && doing === 'opening') return new StemflowError('NOT_FOUND', `no such file: ${path}`, { cause: error });
  if (/file signature not found/.test(raw)) return new StemflowError('FILE_CORRUPT', `${path} is not an HDF5 file (no HDF5 signature found)`, { cause: error });
  const filter = /required filter '([^']*)' is not registered/.exec(raw);
  if (filter) {
    return new StemflowError('FORMAT_UNKNOWN', `${path}: the data is compressed with the HDF5 filter "${filter[1]}", which this installation cannot decode`, { cause: error });
  }
  const hung = error instanceof H5HelperError && error.fatal ? ' (the HDF5 library gave up; the file is probably corrupt)' : '';
  return new StemflowError('FILE_CORRUPT', `${path}: HDF5 error while ${doing}: ${summary}${hung}`, { cause: error });
}

/** One HDF5 file opened in this thread's helper; re-opened transparently if the helper was replaced. */
export class H5File {
  private handle = 0;
  private generation = -1;

  constructor(readonly path: string) {}

  /** Open now, so that a file HDF5 cannot read is refused at once. */
  open(): this {
    this.request({ op: 'ping' }, 'opening');
    return this;
  }

  walk(limit: number, maxDepth: number): { entries: H5Entry[]; truncated: boolean } {
    return this.request({ op: 'walk', limit, maxDepth }, 'listing its contents');
  }

  attrs(path: string): Record<string, unknown> {
    return this.request({ op: 'attrs', path }, `reading the attributes of ${path}`);
  }

  /** The whole value of a small dataset (scalars, strings, axis vectors); null if absent or too large. */
  value(path: string, maxElements = 65536): unknown {
    return this.request({ op: 'value', path, maxElements }, `reading ${path}`);
  }

  /** Read a hyperslab as raw bytes (file byte order); the view is valid until the next call on this thread. */
  read(path: string, start: number[], count: number[], bytes: number): Uint8Array {
    const shared = h5Bridge().sharedBuffer(bytes);
    const n = this.request<number>({ op: 'read', path, start, count }, `reading ${path}`);
    return new Uint8Array(shared, 0, n);
  }

  close(): void {
    const bridge = h5Bridge();
    if (this.handle && this.generation === bridge.generation) {
      try {
        bridge.call({ op: 'close', handle: this.handle });
      } catch {
        // closing a file of a helper that failed: nothing left to release
      }
    }
    this.handle = 0;
  }

  private request<T>(request: Record<string, unknown>, doing: string): T {
    const bridge = h5Bridge();
    try {
      bridge.start();
      if (this.generation !== bridge.generation || !this.handle) {
        this.handle = bridge.call<number>({ op: 'open', path: this.path });
        this.generation = bridge.generation;
      }
      if (request.op === 'ping') return undefined as T;
      return bridge.call<T>({ ...request, handle: this.handle });
    } catch (error) {
      throw h5Error(this.path, error, this.handle ? doing : 'opening');
    }
  }
}
