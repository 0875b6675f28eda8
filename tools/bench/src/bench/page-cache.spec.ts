import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preparePageCache } from './page-cache';

/** Pages of the file in the page cache, from util-linux `fincore` (undefined where it is missing). */
function cachedPages(path: string): number | undefined {
  const out = spawnSync('fincore', ['--bytes', '--noheadings', '--output', 'PAGES', path], { encoding: 'utf8' });
  return out.status === 0 ? Number(out.stdout.trim()) : undefined;
}

describe('preparePageCache', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'stemflow-pagecache-')), 'data.bin');
  const bytes = 4 * 2 ** 20;
  const content = Buffer.from(Array.from({ length: bytes }, (_, i) => (i * 31) & 255));
  writeFileSync(path, content);

  it('drops the file’s pages and reads it back whole, leaving the file as it was', () => {
    expect(preparePageCache(path, bytes)).toBe('reloaded');
    const pages = cachedPages(path);
    if (pages !== undefined) expect(pages).toBe(bytes / 4096); // all of it cached again
    expect(readFileSync(path).equals(content)).toBe(true);
  });

  it('only warms the cache when told to keep it as found', () => {
    expect(preparePageCache(path, bytes, false)).toBe('as-found');
    expect(readFileSync(path).equals(content)).toBe(true);
  });
});
