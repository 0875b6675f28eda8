import { join } from 'node:path';
import { npyDataSet } from './memory-dataset';
import { sharedDataDir } from './shared-data';

const dataDir = sharedDataDir();

describe('npyDataSet', () => {
  it('loads a real detector file with the MANIFEST reference values', () => {
    // npy/delmic/sparc-angle-resolved-data.npy: (3, 2, 256, 256) uint16, total 300418883, frame 0 sum 50081589.
    const ds = npyDataSet(join(dataDir, 'npy/delmic/sparc-angle-resolved-data.npy'));
    expect(ds.navShape).toEqual([3, 2]);
    expect(ds.sigShape).toEqual([256, 256]);
    expect(ds.dtype).toBe('uint16');
    let total = 0;
    let first = 0;
    ds.data.forEach((v, i) => {
      total += v;
      if (i < 65536) first += v;
    });
    expect(total).toBe(300418883);
    expect(first).toBe(50081589);
  });
});
