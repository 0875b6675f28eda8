import { expect, it } from '@jest/globals';
import type { PlacedShape } from '../analysis/overlay';
import { deleteVertex, insertVertex, replaceVertices } from './polygon-edit';

const triangle: PlacedShape = {
  key: 'root',
  shape: { kind: 'polygon', cx: 0, cy: 0, vertices: [{ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 0, y: 4 }] },
  at: [],
  centreAt: [],
};

it('inserts a vertex after the clicked edge, in frame coordinates', () => {
  expect(insertVertex(triangle, 1, { x: 2.5, y: 2.5 })).toEqual([{ path: ['vertices'], value: [{ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 2, y: 2 }, { x: 0, y: 4 }] }]);
});

it('deletes a vertex but never goes below three', () => {
  expect(deleteVertex(triangle, 0)).toEqual([]);
  const square = { ...triangle, shape: { ...triangle.shape, vertices: [{ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 4, y: 4 }, { x: 0, y: 4 }] } } as PlacedShape;
  expect(deleteVertex(square, 2)).toEqual([{ path: ['vertices'], value: [{ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 0, y: 4 }] }]);
});

it('replaces the vertices by drawn points, rounded to 0.1 px', () => {
  const item = { ...triangle, at: ['masks', 0] };
  expect(replaceVertices(item, [{ x: 1.04, y: 2 }])).toEqual([{ path: ['masks', 0, 'vertices'], value: [{ x: 0.5, y: 1.5 }] }]);
});
