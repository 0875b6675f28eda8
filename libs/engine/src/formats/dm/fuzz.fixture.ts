import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { allocArray, product, StemflowError } from '@stemflow/plugin-sdk';
import { readBytes } from '../file-io';
import type { DataSet } from '../framed-source';
import { openDataSet } from '../registry';

/**
 * Mutation fuzzing for readers: a damaged copy of a real file must either be refused with a
 * StemflowError that names the file, or be read completely (a changed pixel byte is
 * legitimately undetectable). Any other exception, or a hang, fails the test.
 */
export interface FuzzPlan {
  /** The file to damage. */
  main: string;
  /** Files copied unchanged beside it (e.g. the .emi of a .ser). */
  companions?: string[];
  format: string;
  /** Byte positions to flip (xor 0xff). */
  flips: number[];
  /** Lengths to truncate to. */
  cuts: number[];
  /** Bytes zeroed by the "zeroed header" case. */
  headerBytes: number;
}

export interface FuzzCase {
  name: string;
  /** Writes the damaged file into `dir` and returns its path. */
  write(dir: string): string;
}

export function fuzzCases(plan: FuzzPlan): FuzzCase[] {
  const size = statSync(plan.main).size;
  const name = basename(plan.main);
  // Each case copies the file (cheap, in the kernel) and then damages the copy in place.
  const damaged = (damage: (path: string) => void) => (dir: string) => {
    const path = join(dir, name);
    copyFileSync(plan.main, path);
    damage(path);
    return path;
  };
  const cases: FuzzCase[] = [
    { name: 'empty file', write: damaged((path) => truncateSync(path, 0)) },
    { name: 'directory with the file name', write: (dir) => (mkdirSync(join(dir, name)), join(dir, name)) },
    { name: 'zeroed header', write: damaged((path) => patch(path, 0, new Uint8Array(Math.min(plan.headerBytes, size)))) },
  ];
  for (const cut of unique(plan.cuts).filter((n) => n > 0 && n < size)) cases.push({ name: `truncated to ${cut} bytes`, write: damaged((path) => truncateSync(path, cut)) });
  for (const at of unique(plan.flips).filter((n) => n >= 0 && n < size)) {
    cases.push({ name: `byte ${at} flipped`, write: damaged((path) => patch(path, at, readBytes(path, at, 1).map((b) => b ^ 0xff))) });
  }
  return cases;
}

function patch(path: string, position: number, bytes: Uint8Array): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, position);
  } finally {
    closeSync(fd);
  }
}

/** Runs one case in a fresh folder: 'error' (a proper refusal) or 'data' (everything read). */
export function runFuzzCase(plan: FuzzPlan, fuzzCase: FuzzCase): 'error' | 'data' {
  const dir = mkdtempSync(join(tmpdir(), 'stemflow-fuzz-'));
  for (const companion of plan.companions ?? []) copyFileSync(companion, join(dir, basename(companion)));
  const path = fuzzCase.write(dir);
  let ds: DataSet | undefined;
  try {
    ds = openDataSet({ path, format: plan.format });
    const width = ds.sigShape[ds.sigShape.length - 1] ?? 1;
    const frame = allocArray(ds.dtype, product(ds.sigShape));
    for (let f = 0; f < ds.frames; f++) ds.readFrames(f, 1, 0, product(ds.sigShape) / width, frame);
    return 'data';
  } catch (error) {
    if (!(error instanceof StemflowError)) throw new Error(`${fuzzCase.name}: ${String(error)} is not a StemflowError`, { cause: error });
    if (!error.message.includes(path)) throw new Error(`${fuzzCase.name}: the message does not name the file: ${error.message}`);
    return 'error';
  } finally {
    ds?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `count` positions spread evenly over [from, to). */
export function spread(from: number, to: number, count: number): number[] {
  if (to <= from) return [];
  return Array.from({ length: count }, (_, i) => from + Math.floor(((to - from) * i) / count));
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

function unique(values: number[]): number[] {
  return [...new Set(values.map((v) => Math.floor(v)))].sort((a, b) => a - b);
}
