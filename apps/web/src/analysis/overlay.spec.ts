import { describe, expect, it } from '@jest/globals';
import type { JsonSchema } from '../api/types';
import { OVERLAY_KINDS, overlayShapes } from './overlay';

const schema = { type: 'object', properties: { shape: { type: 'string' }, cx: { type: 'number' }, cy: { type: 'number' } }, 'x-ui': { overlay: 'shape' } } as JsonSchema;

describe('overlayShapes', () => {
  it('places a single shape at the root of the form', () => {
    expect(overlayShapes(schema, { shape: 'ring', cx: 1, cy: 2, ri: 3, ro: 4 })).toEqual([
      { key: 'root', shape: { kind: 'ring', cx: 1, cy: 2, ri: 3, ro: 4 }, at: [], centreAt: [] },
    ]);
  });

  it('reads polygon vertices and gives up on a malformed one', () => {
    const [placed] = overlayShapes(schema, { shape: 'polygon', vertices: [{ x: 0, y: 0 }, { x: 3, y: 0 }, { x: 0, y: 3 }] });
    expect(placed!.shape).toEqual({ kind: 'polygon', cx: 1, cy: 1, vertices: [{ x: 0, y: 0 }, { x: 3, y: 0 }, { x: 0, y: 3 }] });
    expect(overlayShapes(schema, { shape: 'polygon', vertices: [{ x: 0 }] })).toEqual([]);
  });

  it('gives each mask of a stack, with the stack centre unless the mask has its own', () => {
    const shapes = overlayShapes(schema, {
      shape: 'stack',
      cx: 10,
      cy: 20,
      masks: [{ shape: 'disk', r: 5 }, { shape: 'ring', cx: 1, cy: 2, ri: 3, ro: 4 }, { shape: 'mask' }],
    });
    expect(shapes).toEqual([
      { key: 'masks.0', shape: { kind: 'disk', cx: 10, cy: 20, r: 5 }, at: ['masks', 0], centreAt: [] },
      { key: 'masks.1', shape: { kind: 'ring', cx: 1, cy: 2, ri: 3, ro: 4 }, at: ['masks', 1], centreAt: ['masks', 1] },
    ]);
  });
});

describe('lattice overlay', () => {
  const lattice = { type: 'object', properties: { cx: { type: 'number' } }, 'x-ui': { overlay: 'lattice' } } as JsonSchema;

  it('reads the zero-order disk, the vectors a = (ay, ax), b = (by, bx) and the disk radius', () => {
    expect(overlayShapes(lattice, { cx: 32, cy: 30, ax: 12.5, ay: -1, bx: 2, by: 11, r: 3 })).toEqual([
      { key: 'root', shape: { kind: 'lattice', cx: 32, cy: 30, a: { x: 12.5, y: -1 }, b: { x: 2, y: 11 }, r: 3 }, at: [], centreAt: [] },
    ]);
  });

  it('leaves the radius out when the form has none, and shows only the centre until both vectors are numbers', () => {
    expect(overlayShapes(lattice, { cx: 1, cy: 2, ax: 3, ay: 0, bx: 0, by: 3 })[0]!.shape).toEqual({ kind: 'lattice', cx: 1, cy: 2, a: { x: 3, y: 0 }, b: { x: 0, y: 3 } });
    expect(overlayShapes(lattice, { cx: 1, cy: 2, ax: 3, ay: 0, bx: 0 })[0]!.shape).toEqual({ kind: 'point', cx: 1, cy: 2 });
  });

  it('is one of the overlay kinds the app declares it draws', () => {
    expect(OVERLAY_KINDS).toContain('lattice');
    // Every declared kind gives a shape, so the list and the drawing cannot drift apart.
    const data = { cx: 4, cy: 4, r: 2, ri: 1, ro: 3, x: 0, y: 0, width: 2, height: 2, vertices: [], ax: 2, ay: 0, bx: 0, by: 2, masks: [{ shape: 'disk', r: 1 }] };
    for (const kind of OVERLAY_KINDS) {
      const kindSchema = { type: 'object', properties: {}, 'x-ui': { overlay: kind } } as JsonSchema;
      expect([kind, overlayShapes(kindSchema, data).length]).toEqual([kind, 1]);
    }
  });
});
