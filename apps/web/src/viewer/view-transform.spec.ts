import { describe, expect, it } from '@jest/globals';
import { fitTransform, panBy, toImage, wheelFactor, zoomAbout } from './view-transform';

describe('view transform', () => {
  it('fits a wide image centred vertically', () => {
    expect(fitTransform({ width: 100, height: 50 }, { width: 200, height: 200 })).toEqual({ scale: 2, tx: 0, ty: 50 });
  });

  it('keeps the image point under the cursor fixed while zooming', () => {
    const view = { scale: 2, tx: 10, ty: 20 };
    const before = toImage(view, 70, 90);
    const after = zoomAbout(view, 3, 70, 90, 2);
    expect(after.scale).toBe(6);
    expect(toImage(after, 70, 90).x).toBeCloseTo(before.x);
    expect(toImage(after, 70, 90).y).toBeCloseTo(before.y);
  });

  it('limits zooming out to a quarter of the fit', () => {
    expect(zoomAbout({ scale: 1, tx: 0, ty: 0 }, 0.01, 0, 0, 2).scale).toBe(0.5);
  });

  it('pans by screen pixels and zooms in on a wheel notch towards the user', () => {
    expect(panBy({ scale: 2, tx: 1, ty: 1 }, 5, -3)).toEqual({ scale: 2, tx: 6, ty: -2 });
    expect(wheelFactor(-100, 0)).toBeCloseTo(1.25);
    expect(wheelFactor(100, 0)).toBeCloseTo(0.8);
  });
});
