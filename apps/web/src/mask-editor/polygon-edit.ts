import type { PlacedShape, Vertex } from '../analysis/overlay';
import { tenth, type FieldPatch } from './field-patch';

// Adding, removing and replacing polygon vertices. Points come in layer units (pixel i spans
// [i, i + 1)); vertices are written in frame coordinates (pixel centres at integers). Pure.

export const MIN_VERTICES = 3;

const toFrame = (p: Vertex): Vertex => ({ x: tenth(p.x - 0.5), y: tenth(p.y - 0.5) });

function verticesOf(placed: PlacedShape): Vertex[] {
  return placed.shape.kind === 'polygon' ? placed.shape.vertices : [];
}

/** The whole vertex list replaced by `points` (a polygon just drawn). */
export function replaceVertices(placed: PlacedShape, points: readonly Vertex[]): FieldPatch {
  return [{ path: [...placed.at, 'vertices'], value: points.map(toFrame) }];
}

/** A vertex inserted at `point` after vertex `edge` (on the edge from it to the next one). */
export function insertVertex(placed: PlacedShape, edge: number, point: Vertex): FieldPatch {
  const vertices = [...verticesOf(placed)];
  vertices.splice(edge + 1, 0, toFrame(point));
  return [{ path: [...placed.at, 'vertices'], value: vertices }];
}

/** Vertex `index` removed, unless that would leave fewer than three. */
export function deleteVertex(placed: PlacedShape, index: number): FieldPatch {
  const vertices = verticesOf(placed);
  if (vertices.length <= MIN_VERTICES) return [];
  return [{ path: [...placed.at, 'vertices'], value: vertices.filter((_, i) => i !== index) }];
}
