import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OpenRequest } from './descriptor';
import { formatById } from './registry';

/**
 * Bad input, fuzz style: every shared file with a reader is copied (with its companions) and
 * damaged — truncated at many lengths, single header bytes flipped, the header zeroed, emptied,
 * replaced by a directory. Opening and reading every frame must either work (damage inside
 * pixel data is undetectable) or end in a StemflowError naming the file: never another
 * exception, never a hang. The worker runs the built engine (`npm test` builds first).
 */
const repoRoot = resolve(__dirname, '../../../..');
const dataDir =
  [process.env.STEMFLOW_SHARED_DATA, resolve(repoRoot, '../shared/data'), '/work/shared/data'].find((d) => d && existsSync(join(d, 'MANIFEST.json'))) ??
  resolve(repoRoot, '../shared/data');
const PER_ENTRY_MS = 60_000;

interface Entry {
  path: string;
  format: string;
  companions?: { path: string }[];
  reference?: { dtype: string; nav_shape: number[]; sig_shape: number[] };
}

interface Outcome {
  label: string;
  ms: number;
  kind: 'data' | 'refused' | 'crash';
  code?: string;
  message?: string;
  stack?: string;
}

const entries = (JSON.parse(readFileSync(join(dataDir, 'MANIFEST.json'), 'utf8')) as { entries: Entry[] }).entries.filter((e) => e.reference);
const readable = entries.filter((e) => {
  try {
    formatById(e.format);
    return true;
  } catch {
    return false;
  }
});

function flip(path: string, position: number): void {
  const fd = openSync(path, 'r+');
  const byte = Buffer.alloc(1);
  readSync(fd, byte, 0, 1, position);
  byte[0] = byte[0]! ^ 0xff;
  writeSync(fd, byte, 0, 1, position);
  closeSync(fd);
}

/** Copy the entry's file and companions into a fresh folder and apply one mutation to the main file. */
function mutatedCopies(entry: Entry, root: string): { label: string; request: OpenRequest }[] {
  const source = join(dataDir, entry.path);
  const size = statSync(source).size;
  const cases: { label: string; mutate: (path: string) => void }[] = [];
  for (const length of [0, 1, 16, 100, 300, 600, 1100, 4200, Math.floor(size / 2), size - 1]) {
    if (length < size) cases.push({ label: `truncated to ${length} bytes`, mutate: (p) => truncateSync(p, length) });
  }
  for (const position of [0, 1, 2, 3, 4, 6, 8, 12, 16, 20, 24, 32, 40, 48, 64, 100, 128, 200, 256, 384, 512, 1024]) {
    if (position < size) cases.push({ label: `byte ${position} flipped`, mutate: (p) => flip(p, position) });
  }
  cases.push({ label: 'header zeroed', mutate: (p) => writeFileSync(p, Buffer.concat([Buffer.alloc(Math.min(size, 512)), readFileSync(p).subarray(Math.min(size, 512))])) });
  cases.push({ label: 'a directory', mutate: (p) => mkdirSync(p) });
  return cases.map(({ label, mutate }, i) => {
    const dir = join(root, String(i));
    mkdirSync(dir, { recursive: true });
    const target = join(dir, basename(entry.path));
    for (const companion of entry.companions ?? []) {
      const from = join(dataDir, companion.path);
      const to = join(dir, companion.path.slice(dirname(entry.path).length + 1));
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(from, to);
    }
    if (label !== 'a directory') copyFileSync(source, target);
    mutate(target);
    const request: OpenRequest = { path: target };
    if (entry.format === 'raw') Object.assign(request, { format: 'raw', navShape: entry.reference!.nav_shape, sigShape: entry.reference!.sig_shape, dtype: entry.reference!.dtype });
    return { label: `${entry.path}: ${label}`, request };
  });
}

function runCases(cases: { label: string; request: OpenRequest }[]): Promise<Outcome[]> {
  return new Promise((resolvePromise, reject) => {
    const outcomes: Outcome[] = [];
    const worker = new Worker(join(__dirname, 'fuzz-worker.js'), { workerData: { cases }, resourceLimits: { maxOldGenerationSizeMb: 512 } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`hang: no answer after ${PER_ENTRY_MS} ms; last finished: ${outcomes.at(-1)?.label ?? 'none'}`));
    }, PER_ENTRY_MS);
    worker.on('message', (o: Outcome) => outcomes.push(o));
    worker.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`the reader crashed the worker after "${outcomes.at(-1)?.label ?? 'start'}": ${e.message}`));
    });
    worker.on('exit', () => {
      clearTimeout(timer);
      resolvePromise(outcomes);
    });
  });
}

const work = mkdtempSync(join(tmpdir(), 'stemflow-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('damaged copies of the shared files', () => {
  it('covers every readable format', () => {
    expect(new Set(readable.map((e) => e.format)).size).toBeGreaterThanOrEqual(2);
  });

  it.each(readable.map((e, i) => [e.path, e, i] as const))('%s', async (_path, entry, i) => {
    const cases = mutatedCopies(entry, join(work, String(i)));
    const outcomes = await runCases(cases);
    expect(outcomes).toHaveLength(cases.length);
    const crashes = outcomes.filter((o) => o.kind === 'crash').map((o) => `${o.label}: ${o.message}\n${o.stack}`);
    expect(crashes).toEqual([]);
    for (const [k, o] of outcomes.entries()) {
      if (o.kind !== 'refused') continue;
      // The message names the file (or its companion in the same folder) so the user knows which one is bad.
      expect(`${o.label} → ${o.message}`).toContain(dirname(cases[k]!.request.path));
    }
    // Truncating the main file below its first frame can never yield data.
    const refusedEmpty = outcomes.find((o) => o.label.endsWith('truncated to 0 bytes'));
    expect(refusedEmpty?.kind).toBe('refused');
    const directory = outcomes.find((o) => o.label.endsWith('a directory'));
    expect(directory?.kind).toBe('refused');
  }, PER_ENTRY_MS + 5000);
});
