// A rectangular region of interest on the scan grid and the mask the host takes. Pure.

/** Scan positions x0..x1, y0..y1 (inclusive, x0 ≤ x1, y0 ≤ y1). */
export interface RoiRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const clamp = (v: number, hi: number) => Math.min(Math.max(Math.floor(v), 0), hi - 1);

/** The rectangle spanned by two points in continuous scan coordinates, clamped to the grid. */
export function rectBetween(a: { x: number; y: number }, b: { x: number; y: number }, width: number, height: number): RoiRect {
  const [ax, bx] = [clamp(a.x, width), clamp(b.x, width)];
  const [ay, by] = [clamp(a.y, height), clamp(b.y, height)];
  return { x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) };
}

export function roiCount(rect: RoiRect): number {
  return (rect.x1 - rect.x0 + 1) * (rect.y1 - rect.y0 + 1);
}

/** One 0/1 per scan position in frame order (index = y·width + x), as the job request's `roi`. */
export function roiMask(rect: RoiRect, width: number, height: number): number[] {
  const mask = new Array<number>(width * height).fill(0);
  for (let y = rect.y0; y <= rect.y1; y++) mask.fill(1, y * width + rect.x0, y * width + rect.x1 + 1);
  return mask;
}
