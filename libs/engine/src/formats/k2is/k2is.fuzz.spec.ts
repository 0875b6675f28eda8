import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { damagedCopies, damages } from '../testing/damaged-copies.fixture';
import { tempDir } from '../testing/kit.fixture';
import { K2_BLOCK, writeK2is } from './k2is-fixtures.fixture';

/** Damaged copies of a generated K2IS set: data or a StemflowError naming the folder, never a crash. */
const dir = tempDir('stemflow-k2fuzz-');
const sectors = writeK2is(dir, 'f', { firstId: 7, dark: 1, active: 1, leading: [0, 2, 0, 0, 0, 0, 0, 0], gtg: { sizeY: 1, sizeX: 1, voltage: 1, cameraLengthMm: 1 } });
const files = readdirSync(dir).map((n) => join(dir, n));

describe('K2IS reader on damaged files', () => {
  const copies = damagedCopies('stemflow-k2is-fuzz-');

  it.each([sectors[0]!, sectors[1]!, sectors[6]!, join(dir, 'f.gtg')])('%s', async (target) => {
    const size = target.endsWith('.gtg') ? 200 : 2 * 32 * K2_BLOCK;
    const header = [0, 3, 9, 16, 19, 20, 22, 24, 27, 28, 30, 36, 40, 100, K2_BLOCK, K2_BLOCK + 24, 33 * K2_BLOCK + 28, 40 * K2_BLOCK + 9];
    const list = damages(target, { size, header: Math.max(...header, 64) + 1, flips: header, cuts: [20, 40, K2_BLOCK - 1, K2_BLOCK + 40, 31 * K2_BLOCK, 33 * K2_BLOCK + 100, size - 1] });
    const outcomes = await copies.check({ files, open: basename(sectors[0]!), damages: list });
    expect(outcomes).toHaveLength(list.length);
    if (!target.endsWith('.gtg')) expect(outcomes.filter((o) => o.kind === 'refused').length).toBeGreaterThan(5);
  });
});
