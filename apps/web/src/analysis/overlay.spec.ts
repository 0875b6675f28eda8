import { describe, expect, it } from '@jest/globals';
import type { JsonSchema } from '../api/types';
import { overlayShapes } from './overlay';

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
