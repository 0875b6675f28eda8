import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { damagedCopies, damages } from '../testing/damaged-copies.fixture';
import { corpus } from '../testing/kit.fixture';

/** Damaged copies of every shipped HDF5 file: data or a StemflowError naming the file, never a crash or a hang. */
const sets: { open: string; files: string[] }[] = [
  { open: 'hdf5/misc/Si100_4D.emd', files: ['hdf5/misc/Si100_4D.emd'] },
  { open: 'hdf5/misc/fei_example_tem_stack.emd', files: ['hdf5/misc/fei_example_tem_stack.emd'] },
  { open: 'hdf5/misc/example2_v3.1.hspy', files: ['hdf5/misc/example2_v3.1.hspy'] },
  { open: 'hdf5/misc/py4DSTEM_size2x3x4x5.h5', files: ['hdf5/misc/py4DSTEM_size2x3x4x5.h5'] },
  { open: 'hdf5/arina/test_00_master.h5', files: ['hdf5/arina/test_00_master.h5', 'hdf5/arina/test_00_data_000001.h5', 'hdf5/arina/test_00.h5'] },
];
const targets = sets.flatMap((set) => set.files.map((target) => ({ ...set, target })));

// A hung HDF5 call is abandoned after this long (the helper thread is replaced).
process.env.STEMFLOW_HDF5_TIMEOUT_MS = '20000';

describe('HDF5 reader on damaged files', () => {
  const copies = damagedCopies('stemflow-hdf5-fuzz-');

  it.each(targets.map((t) => [t.target, t] as const))('%s', async (_name, { open, files, target }) => {
    const size = statSync(corpus(target)).size;
    const header = [0, 1, 8, 9, 13, 16, 24, 40, 44, 52, 60, 64, 80, 96, 120, 200, 300, 500, 800, 1200, 2000, 4000];
    const list = damages(corpus(target), { header: Math.max(...header, 64) + 1, flips: header, cuts: [8, 40, 100, 512, 800, 2048, Math.floor(size / 2), size - 100, size - 1] });
    const outcomes = await copies.check({ files: files.map(corpus), open: basename(open), damages: list });
    expect(outcomes).toHaveLength(list.length);
    // The ARINA scan file only proposes the nav shape: damage there falls back to a frame series.
    if (!target.endsWith('arina/test_00.h5')) expect(outcomes.filter((o) => o.kind === 'refused').length).toBeGreaterThan(3);
  });
});
