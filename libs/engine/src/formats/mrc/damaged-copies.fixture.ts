import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { allocArray, product, StemflowError } from '@stemflow/plugin-sdk';
import type { OpenRequest } from '../descriptor';
import { describeDataSet, openDataSet } from '../registry';

/** The shared test corpus (read-only: every test that damages a file works on a copy). */
const repoRoot = resolve(__dirname, '../../../../..');
export const dataDir =
  [process.env.STEMFLOW_SHARED_DATA, resolve(repoRoot, '../shared/data'), '/work/shared/data'].find((d) => d && existsSync(join(d, 'MANIFEST.json'))) ??
  resolve(repoRoot, '../shared/data');

/** One damage to one file of a data set, applied to a fresh copy of the set. */
export interface DamageCase {
  label: string;
  /** The copied file to damage (a name inside the case folder). */
  target: string;
  damage(path: string): void;
  /** Damage no reader can read past (no header left, a directory): refusal required when it hits the opened file. */
  fatal?: boolean;
}

export interface Outcome {
  kind: 'data' | 'refused' | 'crash';
  message: string;
  ms: number;
}

function flipByte(path: string, position: number): void {
  const fd = openSync(path, 'r+');
  try {
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, position);
    byte[0] = byte[0]! ^ 0xff;
    writeSync(fd, byte, 0, 1, position);
  } finally {
    closeSync(fd);
  }
}

function zeroBytes(path: string, length: number): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(length), 0, length, 0);
  } finally {
    closeSync(fd);
  }
}

/**
 * The standard damages of one file: truncated to several lengths (inside the header, just past
 * it, inside the first frame, half, one byte short), single bytes flipped at the given header
 * positions, the header zeroed, emptied, and replaced by a directory of the same name.
 */
export function damagesOf(target: string, size: number, headerBytes: number, flipAt: number[]): DamageCase[] {
  const cases: DamageCase[] = [];
  const lengths = new Set([0, 1, Math.floor(headerBytes / 2), headerBytes - 1, headerBytes, headerBytes + 1, headerBytes + 7, Math.floor(size / 2), size - 1]);
  for (const length of [...lengths].filter((n) => n >= 0 && n < size).sort((a, b) => a - b)) {
    cases.push({ label: `${target} truncated to ${length} bytes`, target, damage: (p) => truncateSync(p, length), fatal: length < headerBytes });
  }
  for (const position of flipAt.filter((p) => p >= 0 && p < size)) {
    cases.push({ label: `${target} byte ${position} flipped`, target, damage: (p) => flipByte(p, position) });
  }
  cases.push({ label: `${target} header zeroed`, target, damage: (p) => zeroBytes(p, Math.min(headerBytes, size)) });
  cases.push({
    label: `${target} is a directory`,
    target,
    fatal: true,
    damage: (p) => {
      rmSync(p);
      mkdirSync(p);
    },
  });
  return cases;
}

/** Copy `files` (paths in the shared corpus) into `dir`, then damage one of them. */
export function prepareCase(files: string[], dir: string, damage: DamageCase): void {
  mkdirSync(dir, { recursive: true });
  for (const file of files) copyFileSync(join(dataDir, file), join(dir, basename(file)));
  damage.damage(join(dir, damage.target));
}

/** Describe, open and read every frame; classify what happened. */
export function readEverything(request: OpenRequest): Outcome {
  const start = Date.now();
  try {
    const ds = openDataSet(describeDataSet(request));
    try {
      const height = ds.sigShape.length > 1 ? ds.sigShape[ds.sigShape.length - 2]! : 1;
      const frame = allocArray(ds.dtype, product(ds.sigShape));
      for (let f = 0; f < ds.frames; f++) ds.readFrames(f, 1, 0, height, frame);
    } finally {
      ds.close();
    }
    return { kind: 'data', message: '', ms: Date.now() - start };
  } catch (error) {
    const kind = error instanceof StemflowError ? 'refused' : 'crash';
    return { kind, message: error instanceof Error ? `${error.name}: ${error.message}\n${kind === 'crash' ? error.stack : ''}` : String(error), ms: Date.now() - start };
  }
}

/** The size of a corpus file. */
export function corpusSize(file: string): number {
  return statSync(join(dataDir, file)).size;
}

/** A data set of the corpus (the file to open and every file it needs) and the damages to try on it. */
export interface DamageSet {
  /** Corpus paths copied into each case folder. */
  files: string[];
  /** The file to open (a name among `files`). */
  open: string;
  /** Format id to pass as well as auto-detection (both are tried). */
  format: string;
  /** Extra reader params. */
  params?: Record<string, unknown>;
  damages: DamageCase[];
}

const MAX_CASE_MS = 2000;

/**
 * Every damage of every set, opened with auto-detection and with the format named: each either
 * yields data (damage inside pixel data is undetectable) or a StemflowError whose message names
 * a file of the case folder; never another exception, and fast.
 */
export function runDamageSuite(work: string, sets: DamageSet[]): void {
  const cases = sets.flatMap((set, s) => set.damages.map((damage, d) => ({ set, damage, dir: join(work, `${s}-${d}`) })));
  it.each(cases.map((c) => [c.damage.label, c] as const))('%s', (_label, { set, damage, dir }) => {
    prepareCase(set.files, dir, damage);
    for (const format of [undefined, set.format]) {
      const outcome = readEverything({ path: join(dir, set.open), ...(format ? { format } : {}), ...(set.params ? { params: set.params } : {}) });
      expect(outcome.kind === 'crash' ? outcome.message : 'no crash').toBe('no crash');
      if (outcome.kind === 'refused') expect(outcome.message).toContain(dir);
      if (damage.fatal && damage.target === set.open) expect(outcome.kind).toBe('refused');
      expect(outcome.ms).toBeLessThan(MAX_CASE_MS);
    }
  });
}
