import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { allocArray, product, StemflowError } from '@stemflow/plugin-sdk';
import type { OpenRequest } from '../descriptor';
import { describeDataSet, openDataSet } from '../registry';

/**
 * Damage one file of a data set in many ways and check the reader's answer: data, or a
 * StemflowError whose message names the data set's folder, never another exception or a hang.
 */

export interface Mutation {
  name: string;
  apply(path: string): void;
}

export function mutations(size: number, headerPositions: number[], truncations: number[]): Mutation[] {
  const list: Mutation[] = [
    { name: 'empty file', apply: (p) => truncateSync(p, 0) },
    { name: 'directory with the file name', apply: (p) => (rmSync(p), mkdirSync(p)) },
    {
      name: 'zeroed header',
      apply: (p) => {
        const b = readFileSync(p);
        b.fill(0, 0, Math.min(b.length, Math.max(...headerPositions, 64) + 1));
        writeFileSync(p, b);
      },
    },
  ];
  for (const at of truncations.filter((n) => n > 0 && n < size)) list.push({ name: `truncated to ${at} bytes`, apply: (p) => truncateSync(p, at) });
  for (const at of headerPositions.filter((n) => n < size)) {
    list.push({
      name: `byte ${at} flipped`,
      apply: (p) => {
        const b = readFileSync(p);
        b[at] = b[at]! ^ 0xff;
        writeFileSync(p, b);
      },
    });
  }
  return list;
}

/** Describe, open and read every frame (row bands of the whole frame). */
function readEverything(request: OpenRequest): void {
  const descriptor = describeDataSet(request);
  const ds = openDataSet(descriptor);
  try {
    const frame = allocArray(ds.dtype, product(ds.sigShape));
    for (let f = 0; f < ds.frames; f++) ds.readFrames(f, 1, 0, ds.sigShape[0] ?? 1, frame);
  } finally {
    ds.close();
  }
}

export interface FuzzOutcome {
  name: string;
  result: 'data' | 'refused';
  message?: string;
}

/**
 * Copy `files` (the data set) into a fresh folder per mutation, damage `target` (one of them),
 * and open the copy of `open` with `request` extras. Throws if the reader fails badly.
 */
export function fuzzDataSet(files: string[], target: string, open: string, list: Mutation[], request: Partial<OpenRequest> = {}): FuzzOutcome[] {
  const outcomes: FuzzOutcome[] = [];
  for (const mutation of list) {
    const dir = mkdtempSync(join(tmpdir(), 'stemflow-fuzz-'));
    for (const f of files) copyFileSync(f, join(dir, basename(f)));
    mutation.apply(join(dir, basename(target)));
    try {
      readEverything({ ...request, path: join(dir, basename(open)) });
      outcomes.push({ name: mutation.name, result: 'data' });
    } catch (error) {
      if (!(error instanceof StemflowError)) throw new Error(`${basename(target)}, ${mutation.name}: not a StemflowError: ${String((error as Error)?.stack ?? error)}`);
      if (!error.message.includes(dir)) throw new Error(`${basename(target)}, ${mutation.name}: the message does not name the file: ${error.message}`);
      outcomes.push({ name: mutation.name, result: 'refused', message: error.message });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return outcomes;
}
