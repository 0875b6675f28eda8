import { describe, expect, it } from '@jest/globals';
import type { PlacedShape } from '../analysis/overlay';
import { applyPatch } from './field-patch';
import { bodyHandle, dragTo, handlesOf, type Handle } from './handles';

const root = (shape: PlacedShape['shape']): PlacedShape => ({ key: 'root', shape, at: [], centreAt: [] });
const handle = (placed: PlacedShape, role: string): Handle => handlesOf(placed).find((h) => h.role === role)!;

describe('ring handles', () => {
  const ring = root({ kind: 'ring', cx: 10, cy: 20, ri: 4, ro: 8 });

  it('sit at the centre and on the two circles, half a pixel in from the pixel edges', () => {
    expect(handlesOf(ring).map(({ role, x, y }) => [role, x, y])).toEqual([
      ['ri', 6.5, 20.5],
      ['ro', 18.5, 20.5],
      ['centre', 10.5, 20.5],
    ]);
  });

  it('write the distance from the centre, rounded to 0.1 px', () => {
    expect(dragTo(ring, handle(ring, 'ro'), { x: 10.5, y: 20.5 + 12.345 })).toEqual([{ path: ['ro'], value: 12.3 }]);
    expect(dragTo(ring, handle(ring, 'centre'), { x: 30.04, y: 5.5 })).toEqual([
      { path: ['cx'], value: 29.5 },
      { path: ['cy'], value: 5 },
    ]);
  });

  it('keep the inner radius below the outer one', () => {
    expect(dragTo(ring, handle(ring, 'ri'), { x: 10.5 + 50, y: 20.5 })).toEqual([{ path: ['ri'], value: 7.9 }]);
    expect(dragTo(ring, handle(ring, 'ro'), { x: 10.5 + 1, y: 20.5 })).toEqual([{ path: ['ro'], value: 4.1 }]);
  });
});

describe('rectangle handles', () => {
  const rect = root({ kind: 'rect', x: 2, y: 3, width: 10, height: 6, cx: 6.5, cy: 5.5 });

  it('move an edge to whole pixels and flip when dragged across the opposite one', () => {
    expect(applyPatch({}, dragTo(rect, handle(rect, 'e'), { x: 15.4, y: 0 }))).toEqual({ x: 2, y: 3, width: 13, height: 6 });
    expect(applyPatch({}, dragTo(rect, handle(rect, 'nw'), { x: 20, y: 11 }))).toEqual({ x: 12, y: 9, width: 8, height: 2 });
  });

  it('move the whole rectangle by the body', () => {
    const body = bodyHandle(rect)!;
    expect(applyPatch({}, dragTo(rect, body, { x: body.x + 3.2, y: body.y - 1.7 }))).toEqual({ x: 5, y: 1 });
  });
});

describe('stack items and polygons', () => {
  it('write an item radius into the item and a shared centre into the stack', () => {
    const item: PlacedShape = { key: 'masks.1', shape: { kind: 'disk', cx: 0, cy: 0, r: 2 }, at: ['masks', 1], centreAt: [] };
    expect(dragTo(item, handle(item, 'r'), { x: 0.5, y: 5.5 })).toEqual([{ path: ['masks', 1, 'r'], value: 5 }]);
    expect(dragTo(item, handle(item, 'centre'), { x: 1.5, y: 2.5 }).map((p) => p.path)).toEqual([['cx'], ['cy']]);
  });

  it('move one vertex in frame coordinates', () => {
    const poly = root({ kind: 'polygon', cx: 0, cy: 0, vertices: [{ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 0, y: 4 }] });
    const second = handlesOf(poly)[1]!;
    expect([second.x, second.y, second.index]).toEqual([4.5, 0.5, 1]);
    expect(applyPatch({ vertices: [{ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 0, y: 4 }] }, dragTo(poly, second, { x: 7.5, y: 1.5 }))).toEqual({
      vertices: [{ x: 0, y: 0 }, { x: 7, y: 1 }, { x: 0, y: 4 }],
    });
  });
});

describe('lattice handles', () => {
  const lattice = root({ kind: 'lattice', cx: 32, cy: 30, a: { x: 12, y: -1 }, b: { x: 2, y: 11 }, r: 3 });

  it('sit at the zero-order disk, the tips of a and b and on the disk outline', () => {
    expect(handlesOf(lattice).map(({ role, x, y }) => [role, x, y])).toEqual([
      ['r', 32.5, 27.5],
      ['a', 44.5, 29.5],
      ['b', 34.5, 41.5],
      ['centre', 32.5, 30.5],
    ]);
  });

  it('write a vector from the zero-order disk to the dragged tip, rounded to 0.1 px', () => {
    expect(dragTo(lattice, handle(lattice, 'a'), { x: 32.5 + 9.96, y: 30.5 + 4.04 })).toEqual([
      { path: ['ax'], value: 10 },
      { path: ['ay'], value: 4 },
    ]);
    expect(dragTo(lattice, handle(lattice, 'b'), { x: 30.5, y: 30.5 - 7.26 })).toEqual([
      { path: ['bx'], value: -2 },
      { path: ['by'], value: -7.3 },
    ]);
  });

  it('round-trip: the fields a drag writes put the handle where it was dropped', () => {
    const form = { cx: 32, cy: 30, ax: 12, ay: -1, bx: 2, by: 11, r: 3 };
    const to = { x: 20.5, y: 44.5 };
    const moved = applyPatch(form, dragTo(lattice, handle(lattice, 'b'), to));
    expect(moved).toEqual({ ...form, bx: -12, by: 14 });
    const b = handle(root({ kind: 'lattice', cx: moved.cx, cy: moved.cy, a: { x: moved.ax, y: moved.ay }, b: { x: moved.bx, y: moved.by }, r: moved.r }), 'b');
    expect([b.x, b.y]).toEqual([to.x, to.y]);
  });

  it('move the centre without changing the vectors, and change the radius', () => {
    expect(applyPatch({ ax: 12, ay: -1 }, dragTo(lattice, handle(lattice, 'centre'), { x: 40.5, y: 20.5 }))).toEqual({ cx: 40, cy: 20, ax: 12, ay: -1 });
    expect(dragTo(lattice, handle(lattice, 'r'), { x: 32.5, y: 30.5 - 4.5 })).toEqual([{ path: ['r'], value: 4.5 }]);
  });

  it('have no radius handle when the form has no radius', () => {
    expect(handlesOf(root({ kind: 'lattice', cx: 0, cy: 0, a: { x: 5, y: 0 }, b: { x: 0, y: 5 } })).map((h) => h.role)).toEqual(['a', 'b', 'centre']);
  });
});
