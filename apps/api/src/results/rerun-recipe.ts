import { statSync } from 'node:fs';
import type { CorrectionFiles, Provenance } from '@stemflow/engine';

/** The data set file as a job saw it: size in bytes and modification time (ISO, ms precision). */
export interface FileFingerprint {
  size?: number;
  mtime?: string;
}

/**
 * The corrections to run a job again with, read from its provenance: the same `.npy` files if the
 * user gave them, none if none were applied, the data set's own otherwise (also when the job has
 * no provenance: only finished jobs store it).
 */
export function rerunCorrections(provenance: (Provenance & { corrections?: Record<string, unknown> }) | undefined): CorrectionFiles | false | undefined {
  if (!provenance) return undefined;
  const recorded = provenance.corrections;
  if (!recorded) return false;
  if (recorded.source !== 'files') return undefined;
  const files: CorrectionFiles = {};
  if (typeof recorded.dark === 'string') files.dark = recorded.dark;
  if (typeof recorded.gain === 'string') files.gain = recorded.gain;
  const excluded = recorded.excluded as { path?: unknown } | undefined;
  if (typeof excluded?.path === 'string') files.excluded = excluded.path;
  return files;
}

/** Why the file at `path` is no longer the one fingerprinted, or undefined if it still matches. */
export function fingerprintChange(path: string, recorded: FileFingerprint): string | undefined {
  let now: FileFingerprint;
  try {
    const stat = statSync(path);
    now = { size: stat.size, mtime: stat.mtime.toISOString() };
  } catch (error) {
    return `the data set file ${path} cannot be read any more (${(error as NodeJS.ErrnoException).code ?? 'error'}); the new job will likely fail`;
  }
  const changes: string[] = [];
  if (recorded.size !== undefined && recorded.size !== now.size) changes.push(`size ${recorded.size} → ${now.size} bytes`);
  if (recorded.mtime !== undefined && recorded.mtime !== now.mtime) changes.push(`modified ${recorded.mtime} → ${now.mtime}`);
  if (changes.length === 0) return undefined;
  return `the data set file ${path} changed since the job ran (${changes.join(', ')}); the new job reads it as it is now`;
}
