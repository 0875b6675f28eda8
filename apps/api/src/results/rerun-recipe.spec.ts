import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Provenance } from '@stemflow/engine';
import { fingerprintChange, rerunCorrections } from './rerun-recipe';

const base = { analysis: 'a', params: {}, stemflowVersion: '0', createdAt: '', dataset: { path: '/x', format: 'npy', navShape: [1], sigShape: [1], dtype: 'uint8' } } as Provenance;

describe('rerun recipe', () => {
  it('takes the corrections from the provenance', () => {
    expect(rerunCorrections(undefined)).toBeUndefined();
    expect(rerunCorrections(base)).toBe(false);
    expect(rerunCorrections({ ...base, corrections: { source: 'dataset', dark: 'x.seq.dark.mrc' } })).toBeUndefined();
    expect(rerunCorrections({ ...base, corrections: { source: 'files', dark: '/d.npy', excluded: { path: '/e.npy', pixels: 3 } } })).toEqual({ dark: '/d.npy', excluded: '/e.npy' });
  });

  it('tells when the file changed size or time, or is gone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stemflow-rerun-'));
    try {
      const file = join(dir, 'f.bin');
      writeFileSync(file, 'abc');
      const stat = statSync(file);
      const recorded = { size: stat.size, mtime: stat.mtime.toISOString() };
      expect(fingerprintChange(file, recorded)).toBeUndefined();
      utimesSync(file, stat.atime, new Date(stat.mtimeMs + 5000));
      expect(fingerprintChange(file, recorded)).toMatch(/changed since the job ran \(modified .* → .*\)/);
      writeFileSync(file, 'abcd');
      expect(fingerprintChange(file, recorded)).toContain('size 3 → 4 bytes');
      expect(fingerprintChange(join(dir, 'gone'), recorded)).toContain('cannot be read any more (ENOENT)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
