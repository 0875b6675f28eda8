import type { JsonSchema } from '../api/types';

// The geometry a plugin asks to be drawn on the diffraction frame. The root `x-ui.overlay`
// names either the field that holds the shape kind (as in `{ overlay: 'shape' }`) or the
// kind itself (one of OVERLAY_KINDS). Coordinates are pixel indices of the frame (the centre
// of pixel (0, 0) is at (0, 0)), read from cx, cy, r, ri, ro, vertices; a rectangle's x, y,
// width, height are index ranges as the mask uses them; a lattice's vectors a = (ay, ax) and
// b = (by, bx) run from the zero-order disk at (cy, cx) to the disks (1, 0) and (0, 1).
// Pure.

/**
 * The overlay kinds the web app draws. `stemflow plugin validate` warns about any other
 * (tools/cli/src/plugin/schema-form-checks.ts keeps the same list; a cross-package test in
 * tools/e2e/web-mask-editor.spec.ts fails when the two differ).
 */
export const OVERLAY_KINDS = ['point', 'disk', 'ring', 'rect', 'polygon', 'stack', 'lattice'] as const;

export interface Vertex {
  x: number;
  y: number;
}

export type OverlayShape =
  | { kind: 'point'; cx: number; cy: number }
  | { kind: 'disk'; cx: number; cy: number; r: number }
  | { kind: 'ring'; cx: number; cy: number; ri: number; ro: number }
  /** Top-left corner (x, y) and size, as the mask uses them: pixels [trunc(x), trunc(x + width)). */
  | { kind: 'rect'; cx: number; cy: number; x: number; y: number; width: number; height: number }
  /** `cx`/`cy` are the mean of the vertices. */
  | { kind: 'polygon'; cx: number; cy: number; vertices: Vertex[] }
  /** Zero-order disk at (cx, cy), disks at n·a + m·b from it; `r` is their radius when the form has one. */
  | LatticeShape;

export interface LatticeShape {
  kind: 'lattice';
  cx: number;
  cy: number;
  a: Vertex;
  b: Vertex;
  r?: number;
}

/** Where a shape's fields live in the form data: `[]` for the root, `['masks', 2]` for a stack item. */
export type FieldPath = readonly (string | number)[];

/** A shape with the form fields that hold it, so that the mask editor can write back. */
export interface PlacedShape {
  key: string;
  shape: OverlayShape;
  /** The object holding r, ri, ro, x, y, width, height, vertices. */
  at: FieldPath;
  /** The object holding cx, cy (a stack item without its own centre uses the stack's). */
  centreAt: FieldPath;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const size = (v: unknown): number | undefined => {
  const n = num(v);
  return n !== undefined && n >= 0 ? n : undefined;
};
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function overlayKind(schema: JsonSchema, data: Record<string, unknown>): string | null {
  const overlay = schema['x-ui']?.overlay;
  if (typeof overlay !== 'string') return null;
  if (schema.properties && overlay in schema.properties) {
    const value = data[overlay];
    return typeof value === 'string' ? value : null;
  }
  return overlay;
}

/** The one shape of the form (a stack shows its centre only; see `overlayShapes`). */
export function overlayOf(schema: JsonSchema, data: Record<string, unknown>): OverlayShape | null {
  return shapeOf(overlayKind(schema, data), data);
}

/** Every shape to draw and edit: the shape itself, or each mask of a stack. */
export function overlayShapes(schema: JsonSchema, data: Record<string, unknown>): PlacedShape[] {
  const kind = overlayKind(schema, data);
  if (kind !== 'stack') {
    const shape = shapeOf(kind, data);
    return shape ? [{ key: 'root', shape, at: [], centreAt: [] }] : [];
  }
  const masks = Array.isArray(data.masks) ? data.masks : [];
  const placed: PlacedShape[] = [];
  masks.forEach((item, i) => {
    if (!isRecord(item)) return;
    const ownCentre = num(item.cx) !== undefined && num(item.cy) !== undefined;
    const shape = shapeOf(typeof item.shape === 'string' ? item.shape : null, ownCentre ? item : { ...item, cx: data.cx, cy: data.cy });
    if (shape) placed.push({ key: `masks.${i}`, shape, at: ['masks', i], centreAt: ownCentre ? ['masks', i] : [] });
  });
  return placed;
}

function shapeOf(kind: string | null, data: Record<string, unknown>): OverlayShape | null {
  if (kind === 'rect') return rectOf(data);
  if (kind === 'polygon') return polygonOf(data);
  const cx = num(data.cx);
  const cy = num(data.cy);
  if (!kind || kind === 'mask' || cx === undefined || cy === undefined) return null;
  switch (kind) {
    case 'lattice':
      return latticeOf(cx, cy, data);
    case 'disk': {
      const r = size(data.r);
      return r === undefined ? { kind: 'point', cx, cy } : { kind, cx, cy, r };
    }
    case 'ring': {
      const ri = size(data.ri);
      const ro = size(data.ro);
      return ri === undefined || ro === undefined ? { kind: 'point', cx, cy } : { kind, cx, cy, ri, ro };
    }
    default:
      return { kind: 'point', cx, cy };
  }
}

/** When the schema has an overlay with numeric `cx`/`cy`, how to write a picked centre. */
export function centreSetter(schema: JsonSchema): ((x: number, y: number) => Record<string, number>) | null {
  if (typeof schema['x-ui']?.overlay !== 'string') return null;
  const cx = schema.properties?.cx;
  const cy = schema.properties?.cy;
  if (!cx || !cy) return null;
  const round = (s: JsonSchema) => (s.type === 'integer' ? Math.round : (v: number) => Math.round(v * 10) / 10);
  const rx = round(cx);
  const ry = round(cy);
  return (x, y) => ({ cx: rx(x), cy: ry(y) });
}

/** A lattice from its vectors (a point while one of them is not a number yet); the radius is optional. */
function latticeOf(cx: number, cy: number, data: Record<string, unknown>): OverlayShape {
  const [ax, ay, bx, by] = [num(data.ax), num(data.ay), num(data.bx), num(data.by)];
  if (ax === undefined || ay === undefined || bx === undefined || by === undefined) return { kind: 'point', cx, cy };
  const r = size(data.r);
  return { kind: 'lattice', cx, cy, a: { x: ax, y: ay }, b: { x: bx, y: by }, ...(r === undefined ? {} : { r }) };
}

/** A rectangle from its top-left corner; `cx`/`cy` are its centre (where the cross is drawn). */
function rectOf(data: Record<string, unknown>): OverlayShape | null {
  const x = num(data.x);
  const y = num(data.y);
  const width = num(data.width);
  const height = num(data.height);
  if (x === undefined || y === undefined || width === undefined || height === undefined) return null;
  const x0 = Math.trunc(Math.min(x, x + width));
  const x1 = Math.trunc(Math.max(x, x + width));
  const y0 = Math.trunc(Math.min(y, y + height));
  const y1 = Math.trunc(Math.max(y, y + height));
  return { kind: 'rect', x: x0, y: y0, width: x1 - x0, height: y1 - y0, cx: (x0 + x1) / 2 - 0.5, cy: (y0 + y1) / 2 - 0.5 };
}

/** A polygon from its vertex list (an empty list gives a polygon without vertices: drawing starts there). */
function polygonOf(data: Record<string, unknown>): OverlayShape | null {
  const list = Array.isArray(data.vertices) ? data.vertices : [];
  const vertices: Vertex[] = [];
  for (const v of list) {
    const x = isRecord(v) ? num(v.x) : undefined;
    const y = isRecord(v) ? num(v.y) : undefined;
    if (x === undefined || y === undefined) return null;
    vertices.push({ x, y });
  }
  const n = vertices.length || 1;
  return { kind: 'polygon', vertices, cx: vertices.reduce((s, v) => s + v.x, 0) / n, cy: vertices.reduce((s, v) => s + v.y, 0) / n };
}
