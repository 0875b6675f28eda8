import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { OpenRequest } from './descriptor';
import { formatById } from './registry';
import { damagedCopies, damages, type DamageSet } from './testing/damaged-copies.fixture';
import { corpus, manifestEntries, type ManifestEntry } from './testing/kit.fixture';

/**
 * Bad input, fuzz style: every shared file with a reader is copied (with its companions) and
 * damaged — truncated at many lengths, single header bytes flipped, the header zeroed, emptied,
 * replaced by a directory. Opening and reading every frame must either work (damage inside
 * pixel data is undetectable) or end in a StemflowError naming the file: never another
 * exception, never a hang. (A file listed twice, for two data sets inside it, is damaged once.)
 */
const PER_ENTRY_MS = 60_000;

const readable = manifestEntries().filter((e, i, all) => {
  if (!e.reference || all.findIndex((other) => other.path === e.path) !== i) return false;
  try {
    formatById(e.format);
    return true;
  } catch {
    return false;
  }
});

/** The entry's file and companions; the main file damaged, opened as a user would (shape and dtype for raw files). */
function setFor(entry: ManifestEntry): DamageSet {
  const file = corpus(entry.path);
  const size = statSync(file).size;
  const ref = entry.reference!;
  const request: Omit<OpenRequest, 'path'> = entry.format === 'raw' ? { format: 'raw', navShape: ref.nav_shape, sigShape: ref.sig_shape, dtype: ref.dtype as OpenRequest['dtype'] } : {};
  return {
    files: [file, ...(entry.companions ?? []).map((c) => corpus(c.path))],
    open: basename(file),
    requests: [request],
    maxFrames: 4096,
    // Truncating the main file below its first frame, or replacing it by a directory, can never yield data.
    damages: damages(file, {
      header: 512,
      cuts: [1, 16, 100, 300, 600, 1100, 4200, Math.floor(size / 2), size - 1],
      flips: [0, 1, 2, 3, 4, 6, 8, 12, 16, 20, 24, 32, 40, 48, 64, 100, 128, 200, 256, 384, 512, 1024],
      refuseBelow: 1,
    }),
  };
}

describe('damaged copies of the shared files', () => {
  const copies = damagedCopies('stemflow-fuzz-');

  it('covers every readable format', () => {
    expect(new Set(readable.map((e) => e.format)).size).toBeGreaterThanOrEqual(2);
  });

  it.each(readable.map((e) => [e.path, e] as const))(
    '%s',
    async (_path, entry) => {
      const set = setFor(entry);
      expect(await copies.check(set)).toHaveLength(set.damages.length);
    },
    PER_ENTRY_MS + 5000,
  );
});
