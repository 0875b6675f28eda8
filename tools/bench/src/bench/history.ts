import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { StemflowError } from '@stemflow/plugin-sdk';
import type { ComparableRecord } from './compare';
import type { BenchReport } from './report';

/** Append a record to a history file as one JSON line (JSON Lines), creating the file and its folder. */
export function appendHistory(path: string, report: BenchReport): void {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, `${JSON.stringify(report)}\n`);
}

function isRecord(value: unknown): value is ComparableRecord {
  return typeof value === 'object' && value !== null && Array.isArray((value as ComparableRecord).cases);
}

/**
 * The last record of a history file (JSON Lines), or the one object of a file written by
 * `stemflow bench --json > FILE`; `line` says which line it was (1-based) for the message.
 */
export function readLastRecord(path: string): { record: ComparableRecord; line: number; count: number } {
  if (!existsSync(path)) throw new StemflowError('NOT_FOUND', `no bench history at ${path}: write one with --history ${path}`);
  const text = readFileSync(path, 'utf8');
  try {
    const whole: unknown = JSON.parse(text);
    if (isRecord(whole)) return { record: whole, line: 1, count: 1 };
  } catch {
    // not one JSON document: read it as JSON Lines
  }
  const lines = text.split('\n');
  const filled = lines.map((l, i) => [l.trim(), i + 1] as const).filter(([l]) => l !== '');
  if (filled.length === 0) throw new StemflowError('FILE_CORRUPT', `${path} holds no bench record`);
  const [last, line] = filled[filled.length - 1]!;
  let record: unknown;
  try {
    record = JSON.parse(last);
  } catch (error) {
    throw new StemflowError('FILE_CORRUPT', `line ${line} of ${path} is not JSON (${(error as Error).message}): is it a bench history (JSON Lines)?`);
  }
  if (!isRecord(record)) throw new StemflowError('FILE_CORRUPT', `line ${line} of ${path} is not a bench record (it has no "cases")`);
  return { record, line, count: filled.length };
}
