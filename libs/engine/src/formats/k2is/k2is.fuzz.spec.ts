import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzDataSet, mutations } from '../hdf5/fuzz.fixture';
import { K2_BLOCK, writeK2is } from './k2is-fixtures.fixture';

/** Damaged copies of a generated K2IS set: data or a StemflowError naming the folder, never a crash. */
const dir = mkdtempSync(join(tmpdir(), 'stemflow-k2fuzz-'));
const sectors = writeK2is(dir, 'f', { firstId: 7, dark: 1, active: 1, leading: [0, 2, 0, 0, 0, 0, 0, 0], gtg: { sizeY: 1, sizeX: 1, voltage: 1, cameraLengthMm: 1 } });
const files = readdirSync(dir).map((n) => join(dir, n));

describe('K2IS reader on damaged files', () => {
  it.each([sectors[0]!, sectors[1]!, sectors[6]!, join(dir, 'f.gtg')])('%s', (target) => {
    const size = target.endsWith('.gtg') ? 200 : 2 * 32 * K2_BLOCK;
    const header = [0, 3, 9, 16, 19, 20, 22, 24, 27, 28, 30, 36, 40, 100, K2_BLOCK, K2_BLOCK + 24, 33 * K2_BLOCK + 28, 40 * K2_BLOCK + 9];
    const list = mutations(size, header, [20, 40, K2_BLOCK - 1, K2_BLOCK + 40, 31 * K2_BLOCK, 33 * K2_BLOCK + 100, size - 1]);
    const outcomes = fuzzDataSet(files, target, sectors[0]!, list);
    expect(outcomes).toHaveLength(list.length);
    if (!target.endsWith('.gtg')) expect(outcomes.filter((o) => o.result === 'refused').length).toBeGreaterThan(5);
  });
});
