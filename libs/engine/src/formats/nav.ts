import { formatCount, product, StemflowError } from '@stemflow/plugin-sdk';
import type { OpenRequest } from './descriptor';

/**
 * The nav shape and sync offset of a data set with `imageCount` frames: the user's nav shape
 * wins, else the reader's proposal. `syncOffset` follows LiberTEM: positive skips frames at the
 * start, negative inserts blank ones. Frames left over at the end are ignored; a scan that
 * would run past the last frame is refused (it is nearly always a wrong shape).
 */
export function resolveNav(request: OpenRequest, imageCount: number, proposed: number[]): { navShape: number[]; syncOffset: number; imageCount: number } {
  const navShape = request.navShape ?? proposed;
  if (!Array.isArray(navShape) || navShape.length === 0 || navShape.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new StemflowError('SHAPE_MISMATCH', `nav shape must be positive whole numbers, got [${String(navShape)}]`);
  }
  const syncOffset = request.syncOffset ?? 0;
  if (!Number.isInteger(syncOffset) || syncOffset <= -imageCount || syncOffset >= imageCount) {
    throw new StemflowError(
      'SHAPE_MISMATCH',
      `syncOffset ${syncOffset} is out of range for ${formatCount(imageCount)} frames: use a whole number with −${imageCount} < syncOffset < ${imageCount}`,
    );
  }
  const needed = product(navShape) + syncOffset;
  if (needed > imageCount) {
    throw new StemflowError(
      'SHAPE_MISMATCH',
      `the scan ${navShape.join('×')}${syncOffset ? ` with syncOffset ${syncOffset}` : ''} needs ${formatCount(needed)} frames but the file holds ${formatCount(imageCount)}: check the scan shape (--nav) or the frame shape and dtype`,
    );
  }
  return { navShape, syncOffset, imageCount };
}

/** A reasonable scan shape for `n` frames: square if possible, else one row. */
export function proposeNav(n: number): number[] {
  const side = Math.round(Math.sqrt(n));
  return side * side === n && n > 1 ? [side, side] : [n];
}
