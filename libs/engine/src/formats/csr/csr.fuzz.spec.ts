import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { damagedCopies, damages } from '../testing/damaged-copies.fixture';
import { tempDir } from '../testing/kit.fixture';

/** Damaged copies of a generated raw CSR set: data or a StemflowError naming the folder, never a crash. */
const dir = tempDir('stemflow-csrfuzz-');
const toml = join(dir, 's.toml');
writeFileSync(toml, '[params]\nfiletype = "raw_csr"\nnav_shape = [2, 2]\nsig_shape = [4, 4]\n[raw_csr]\nindptr_file = "p.raw"\nindptr_dtype = "<i4"\nindices_file = "i.raw"\nindices_dtype = "<i4"\ndata_file = "d.raw"\ndata_dtype = "<f4"\n');
writeFileSync(join(dir, 'p.raw'), Buffer.from(new Int32Array([0, 2, 3, 3, 6]).buffer));
writeFileSync(join(dir, 'i.raw'), Buffer.from(new Int32Array([0, 5, 15, 1, 2, 3]).buffer));
writeFileSync(join(dir, 'd.raw'), Buffer.from(new Float32Array([1, 2, 3, 4, 5, 6]).buffer));
const files = [toml, join(dir, 'p.raw'), join(dir, 'i.raw'), join(dir, 'd.raw')];

describe('raw CSR reader on damaged files', () => {
  const copies = damagedCopies('stemflow-csr-fuzz-');

  it.each(files)('%s', async (target) => {
    const size = target.endsWith('.toml') ? 200 : target.endsWith('p.raw') ? 20 : 24;
    const header = target.endsWith('.toml') ? [0, 2, 9, 12, 20, 30, 40, 55, 70, 90, 120, 150] : [0, 3, 4, 7, 8, 11, 15, 19];
    const list = damages(target, { size, header: Math.max(...header, 64) + 1, flips: header, cuts: [1, 3, 7, 9, 13, size - 1] });
    const outcomes = await copies.check({ files, open: 's.toml', damages: list });
    expect(outcomes).toHaveLength(list.length);
    expect(outcomes.filter((o) => o.kind === 'refused').length).toBeGreaterThan(3);
  });
});
