import { spawnSync } from 'node:child_process';
import { closeSync, fsyncSync, openSync, readSync } from 'node:fs';
import { READ_BUFFER_BYTES } from './read-baseline';

/**
 * How the file sat in the page cache while measured: `reloaded` = dropped and read back in one
 * sequential pass (the kernel then keeps it in large folios, which map and read up to 2× faster
 * than the 4 KiB pages a file written piecemeal or read randomly is left in); `as-found` = used as
 * it was (only read once so that it is cached at all).
 */
export type PageCacheState = 'reloaded' | 'as-found';

/** Read the file once sequentially so that every run after it reads from the page cache. */
export function warmPageCache(path: string, bytes: number): void {
  const buffer = Buffer.allocUnsafe(16 * READ_BUFFER_BYTES);
  const fd = openSync(path, 'r');
  try {
    for (let at = 0; at < bytes; ) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, bytes - at), at);
      if (n === 0) break;
      at += n;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Put the file in a known page-cache state before measuring: flush it, drop its cached pages
 * (`dd iflag=nocache count=0`, i.e. POSIX_FADV_DONTNEED) and read it back in one pass. Falls back
 * to `as-found` where the pages cannot be dropped (no GNU dd); the report says which it was.
 */
export function preparePageCache(path: string, bytes: number, reload = true): PageCacheState {
  let state: PageCacheState = 'as-found';
  if (reload) {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd); // dirty pages cannot be dropped
    } finally {
      closeSync(fd);
    }
    const dropped = spawnSync('dd', [`if=${path}`, 'iflag=nocache', 'count=0', 'status=none'], { stdio: 'ignore' });
    if (dropped.status === 0) state = 'reloaded';
  }
  warmPageCache(path, bytes);
  return state;
}
