import { closeSync, readSync } from 'node:fs';
import { formatCount, product, StemflowError, type DType, type TypedArray } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor } from '../descriptor';
import { openFile } from '../file-io';
import type { DataSet } from '../framed-source';
import { BLOCK_COLS, BLOCK_ROWS, BLOCK_SIZE, BLOCKS_PER_FRAME, blockOrigin, decode12, FRAME_SHAPE, HEADER_SIZE, isValidBlock, parseBlockHeader, SECTOR_WIDTH } from './k2is-layout';

/** Reader settings carried in `descriptor.params` (small: open needs no re-sync). */
export interface K2isParams {
  files: string[];
  firstBlocks: number[];
}

const ROW_BYTES = (BLOCK_COLS * 12) / 8;
const HALF_FRAME_BLOCKS = BLOCKS_PER_FRAME / 2;

/**
 * Frames of a K2IS data set: for each sector and each needed block row, one read of 16 blocks
 * into a reused buffer, header checks (sync word, frame id, position), then 12-bit decoding of
 * the requested detector rows only.
 */
export class K2isDataSet implements DataSet {
  readonly navShape: number[];
  readonly sigShape: number[];
  readonly dtype: DType = 'uint16';
  readonly frames: number;
  private readonly params: K2isParams;
  private readonly fds: number[];
  private readonly scratch = new Uint8Array(HALF_FRAME_BLOCKS * BLOCK_SIZE);
  private readonly imageCount: number;
  private readonly syncOffset: number;

  constructor(readonly descriptor: DatasetDescriptor) {
    this.params = descriptor.params as unknown as K2isParams;
    this.navShape = descriptor.navShape;
    this.sigShape = descriptor.sigShape;
    this.frames = product(descriptor.navShape);
    this.imageCount = descriptor.imageCount ?? this.frames;
    this.syncOffset = descriptor.syncOffset ?? 0;
    this.fds = [];
    try {
      for (const f of this.params.files) this.fds.push(openFile(f));
    } catch (error) {
      this.close();
      throw error;
    }
  }

  readFrames(frameStart: number, count: number, rowStart: number, rows: number, dest: TypedArray): void {
    const width = FRAME_SHAPE[1]!;
    const band = rows * width;
    for (let f = 0; f < count; f++) {
      const physical = frameStart + f + this.syncOffset;
      if (physical < 0 || physical >= this.imageCount) {
        dest.fill(0, f * band, (f + 1) * band);
        continue;
      }
      let frameId: number | undefined;
      for (let s = 0; s < this.fds.length; s++) {
        for (let blockRow = 0; blockRow < 2; blockRow++) {
          const top = blockRow * BLOCK_ROWS;
          const from = Math.max(rowStart, top);
          const to = Math.min(rowStart + rows, top + BLOCK_ROWS);
          if (from >= to) continue;
          const firstBlock = this.params.firstBlocks[s]! + physical * BLOCKS_PER_FRAME + blockRow * HALF_FRAME_BLOCKS;
          this.readBlocks(s, firstBlock);
          for (let i = 0; i < HALF_FRAME_BLOCKS; i++) {
            const b = blockRow * HALF_FRAME_BLOCKS + i;
            const at = i * BLOCK_SIZE;
            const h = parseBlockHeader(this.scratch, at);
            const origin = blockOrigin(b);
            frameId ??= h.frameId;
            if (!isValidBlock(h) || h.frameId !== frameId || h.xStart !== origin.x || h.yStart !== origin.y) {
              throw new StemflowError(
                'FILE_CORRUPT',
                `${this.params.files[s]}: block ${b} of frame ${physical} (byte ${formatCount((firstBlock + i) * BLOCK_SIZE)}) has a wrong header (frame id ${h.frameId}, expected ${frameId}; origin ${h.xStart},${h.yStart}, expected ${origin.x},${origin.y}): the file is corrupt`,
              );
            }
            const x = s * SECTOR_WIDTH + origin.x;
            for (let r = from; r < to; r++) {
              decode12(this.scratch, at + HEADER_SIZE + (r - top) * ROW_BYTES, BLOCK_COLS, dest, f * band + (r - rowStart) * width + x);
            }
          }
        }
      }
    }
  }

  close(): void {
    for (const fd of this.fds) closeSync(fd);
    this.fds.length = 0;
  }

  private readBlocks(sector: number, block: number): void {
    const position = block * BLOCK_SIZE;
    let done = 0;
    while (done < this.scratch.length) {
      const n = readSync(this.fds[sector]!, this.scratch, done, this.scratch.length - done, position + done);
      if (n === 0) {
        throw new StemflowError('FILE_CORRUPT', `${this.params.files[sector]} ended at byte ${formatCount(position + done)} while reading a frame: the file is truncated or changed after it was opened`);
      }
      done += n;
    }
  }
}
