import type { FieldPath, OverlayShape, PlacedShape, Vertex } from '../analysis/overlay';
import { tenth, type FieldPatch } from './field-patch';

// The draggable handles of each shape and what dragging one writes to the form. Positions are
// in layer units, where pixel i spans [i, i + 1) (so the frame point x is at x + 0.5); a
// rectangle's x, y, width, height already are such edges. Pure.

/** `a`, `b`: the tips of a lattice's vectors. */
export type HandleRole = 'centre' | 'r' | 'ri' | 'ro' | 'a' | 'b' | 'vertex' | 'body' | `${'n' | 's' | ''}${'w' | 'e' | ''}`;

export interface Handle {
  /** Unique within the overlay, used as the test id suffix. */
  id: string;
  role: HandleRole;
  x: number;
  y: number;
  /** Vertex index, for `vertex`. */
  index?: number;
}

const RECT_ROLES = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'] as const;

/** The handles of a shape, in the order they are drawn (later ones on top). */
export function handlesOf(placed: PlacedShape): Handle[] {
  const { shape, key } = placed;
  const at = (role: HandleRole, x: number, y: number, index?: number): Handle => ({ id: `${key}-${role}${index === undefined ? '' : `-${index}`}`, role, x, y, index });
  const x = shape.cx + 0.5;
  const y = shape.cy + 0.5;
  switch (shape.kind) {
    case 'point':
      return [at('centre', x, y)];
    case 'disk':
      return [at('r', x + shape.r, y), at('centre', x, y)];
    case 'ring':
      // The inner handle on the left, the outer on the right: they never cover each other.
      return [at('ri', x - shape.ri, y), at('ro', x + shape.ro, y), at('centre', x, y)];
    case 'rect': {
      const x1 = shape.x + shape.width;
      const y1 = shape.y + shape.height;
      const xs = { w: shape.x, '': (shape.x + x1) / 2, e: x1 };
      const ys = { n: shape.y, '': (shape.y + y1) / 2, s: y1 };
      return RECT_ROLES.map((role) => at(role, xs[role.replace(/[ns]/, '') as 'w' | 'e' | ''], ys[role.replace(/[we]/, '') as 'n' | 's' | '']));
    }
    case 'polygon':
      return shape.vertices.map((v, i) => at('vertex', v.x + 0.5, v.y + 0.5, i));
    case 'lattice': {
      // The radius handle above the zero-order disk: off the default a (right) and b (down) arrows.
      const radius = shape.r === undefined ? [] : [at('r', x, y - shape.r)];
      return [...radius, at('a', x + shape.a.x, y + shape.a.y), at('b', x + shape.b.x, y + shape.b.y), at('centre', x, y)];
    }
  }
}

/** Where the body of a rectangle is grabbed from: its centre. */
export function bodyHandle(placed: PlacedShape): Handle | null {
  const { shape } = placed;
  return shape.kind === 'rect' ? { id: `${placed.key}-body`, role: 'body', x: shape.x + shape.width / 2, y: shape.y + shape.height / 2 } : null;
}

const field = (path: FieldPath, name: string | number, value: unknown) => ({ path: [...path, name], value });

/**
 * The form fields that put `handle` (as it was when the drag started, on `shape`) at `to`:
 * centre handles write cx, cy (0.1 px); radius handles the distance from the centre (an inner
 * radius stays below the outer one and vice versa); rectangle handles whole-pixel edges
 * (the mask truncates them anyway); vertices their frame coordinates (0.1 px); the tip of a
 * lattice vector that vector, from the zero-order disk to the tip (0.1 px).
 */
export function dragTo(placed: PlacedShape, handle: Handle, to: Vertex): FieldPatch {
  const { shape, at, centreAt } = placed;
  const distance = Math.hypot(to.x - (shape.cx + 0.5), to.y - (shape.cy + 0.5));
  switch (handle.role) {
    case 'centre':
      return [field(centreAt, 'cx', tenth(to.x - 0.5)), field(centreAt, 'cy', tenth(to.y - 0.5))];
    case 'r':
      return [field(at, 'r', tenth(distance))];
    case 'ri':
      return [field(at, 'ri', shape.kind === 'ring' ? Math.min(tenth(distance), Math.max(0, tenth(shape.ro - 0.1))) : tenth(distance))];
    case 'ro':
      return [field(at, 'ro', shape.kind === 'ring' ? Math.max(tenth(distance), tenth(shape.ri + 0.1)) : tenth(distance))];
    case 'a':
    case 'b': {
      const name = handle.role;
      return [field(at, `${name}x`, tenth(to.x - (shape.cx + 0.5))), field(at, `${name}y`, tenth(to.y - (shape.cy + 0.5)))];
    }
    case 'vertex':
      return handle.index === undefined ? [] : [field([...at, 'vertices', handle.index], 'x', tenth(to.x - 0.5)), field([...at, 'vertices', handle.index], 'y', tenth(to.y - 0.5))];
    default:
      return shape.kind === 'rect' ? rectDrag(shape, at, handle, to) : [];
  }
}

function rectDrag(shape: Extract<OverlayShape, { kind: 'rect' }>, at: FieldPath, handle: Handle, to: Vertex): FieldPatch {
  let x0 = shape.x;
  let y0 = shape.y;
  let x1 = shape.x + shape.width;
  let y1 = shape.y + shape.height;
  if (handle.role === 'body') {
    const dx = Math.round(to.x - handle.x);
    const dy = Math.round(to.y - handle.y);
    return [field(at, 'x', x0 + dx), field(at, 'y', y0 + dy)];
  }
  if (handle.role.includes('w')) x0 = Math.round(to.x);
  if (handle.role.includes('e')) x1 = Math.round(to.x);
  if (handle.role.includes('n')) y0 = Math.round(to.y);
  if (handle.role.includes('s')) y1 = Math.round(to.y);
  // Dragged across the opposite edge, the rectangle flips instead of getting a negative size.
  return [field(at, 'x', Math.min(x0, x1)), field(at, 'y', Math.min(y0, y1)), field(at, 'width', Math.abs(x1 - x0)), field(at, 'height', Math.abs(y1 - y0))];
}
