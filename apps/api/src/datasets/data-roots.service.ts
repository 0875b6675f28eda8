import { readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { StemflowError } from '@stemflow/plugin-sdk';
import { SERVER_CONFIG, type ServerConfig } from '../common/server-config';

export interface FileEntry {
  name: string;
  path: string;
  kind: 'file' | 'dir';
  /** Bytes for files, 0 for folders. */
  size: number;
}

export interface Listing {
  /** The folder listed (its real path), or null for the list of data roots. */
  path: string | null;
  /** The folder above, or null at a data root (go back to the roots). */
  parent: string | null;
  entries: FileEntry[];
}

export function isInside(root: string, path: string): boolean {
  if (path === root) return true;
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * The data roots and the one rule about them: no path outside a root is ever read. Paths are
 * checked twice — as written (so `..` cannot climb out and nothing outside is even stat'ed) and
 * after resolving symlinks (so a link inside a root cannot point outside it).
 */
@Injectable()
export class DataRootsService {
  readonly roots: string[];

  constructor(@Inject(SERVER_CONFIG) config: ServerConfig) {
    this.roots = config.dataRoots;
  }

  /** The real path of `path` if it lies inside a data root; FORBIDDEN otherwise, NOT_FOUND if it does not exist. */
  confine(path: string): string {
    if (typeof path !== 'string' || path.length === 0) throw new StemflowError('PARAMS_INVALID', 'give a path', { errors: [{ path: '/path', message: 'is required' }] });
    if (path.includes('\0')) throw new StemflowError('FORBIDDEN', 'the path contains a NUL byte');
    if (this.roots.length === 0) throw new StemflowError('FORBIDDEN', 'the server has no data roots: start it with --data-root DIR');
    const lexical = isAbsolute(path) ? resolve(path) : resolve(this.roots[0]!, path);
    if (!this.roots.some((root) => isInside(root, lexical))) throw this.outside(path);
    let real: string;
    try {
      real = realpathSync(lexical);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new StemflowError('NOT_FOUND', `no such file or folder: ${lexical}`, { cause: error });
      if (code === 'EACCES') throw new StemflowError('FORBIDDEN', `no permission to read ${lexical}`, { cause: error });
      throw new StemflowError('INTERNAL', `cannot resolve ${lexical}: ${(error as Error).message}`, { cause: error });
    }
    if (!this.roots.some((root) => isInside(root, real))) throw this.outside(path);
    return real;
  }

  list(path?: string): Listing {
    if (path === undefined || path === '') {
      return { path: null, parent: null, entries: this.roots.map((root) => ({ name: root, path: root, kind: 'dir' as const, size: 0 })) };
    }
    const dir = this.confine(path);
    if (!statSync(dir).isDirectory()) throw new StemflowError('PARAMS_INVALID', `${dir} is a file, not a folder`, { errors: [{ path: '/path', message: 'is not a folder' }] });
    const entries: FileEntry[] = [];
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (error) {
      throw new StemflowError('FORBIDDEN', `cannot list ${dir}: ${(error as Error).message}`, { cause: error });
    }
    for (const name of names) {
      const full = join(dir, name);
      try {
        const real = realpathSync(full);
        if (!this.roots.some((root) => isInside(root, real))) continue; // a link out of the roots is not shown
        const stat = statSync(real);
        if (stat.isDirectory()) entries.push({ name, path: full, kind: 'dir', size: 0 });
        else if (stat.isFile()) entries.push({ name, path: full, kind: 'file', size: stat.size });
      } catch {
        // broken link or vanished entry
      }
    }
    entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
    const isRoot = this.roots.includes(dir);
    const parent = isRoot ? null : dirname(dir);
    return { path: dir, parent: parent && this.roots.some((root) => isInside(root, parent)) ? parent : null, entries };
  }

  private outside(path: string): StemflowError {
    return new StemflowError('FORBIDDEN', `${path} is outside the data roots (${this.roots.join(', ')}); start the server with --data-root for that folder`);
  }
}
