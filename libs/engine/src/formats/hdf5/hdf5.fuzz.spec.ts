import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fuzzDataSet, mutations } from './fuzz.fixture';

/** Damaged copies of every shipped HDF5 file: data or a StemflowError naming the file, never a crash or a hang. */
const dataDir = ['/work/shared/data', join(__dirname, '../../../../../../shared/data')].find((d) => existsSync(join(d, 'MANIFEST.json')))!;
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
  it.each(targets.map((t) => [t.target, t] as const))('%s', (_name, { open, files, target }) => {
    const size = statSync(join(dataDir, target)).size;
    const header = [0, 1, 8, 9, 13, 16, 24, 40, 44, 52, 60, 64, 80, 96, 120, 200, 300, 500, 800, 1200, 2000, 4000];
    const list = mutations(size, header, [8, 40, 100, 512, 800, 2048, Math.floor(size / 2), size - 100, size - 1]);
    const outcomes = fuzzDataSet(
      files.map((f) => join(dataDir, f)),
      join(dataDir, target),
      join(dataDir, open),
      list,
    );
    expect(outcomes).toHaveLength(list.length);
    // The ARINA scan file only proposes the nav shape: damage there falls back to a frame series.
    if (!target.endsWith('arina/test_00.h5')) expect(outcomes.filter((o) => o.result === 'refused').length).toBeGreaterThan(3);
  });
});
