import type { JsonSchema } from '../api/types';

// The geometry a plugin asks to be drawn on the diffraction frame. The root `x-ui.overlay`
// names either the field that holds the shape kind (as in `{ overlay: 'shape' }`) or the
// kind itself ('disk', 'ring', 'point', 'rect'). Coordinates are pixel indices of the frame
// (the centre of pixel (0, 0) is at (0, 0)), read from cx, cy, r, ri, ro, width, height.
// Pure.

export type OverlayShape =
  | { kind: 'point'; cx: number; cy: number }
  | { kind: 'disk'; cx: number; cy: number; r: number }
  | { kind: 'ring'; cx: number; cy: number; ri: number; ro: number }
  /** Top-left corner (x, y) and size, as the mask uses them: pixels [trunc(x), trunc(x + width)). */
  | { kind: 'rect'; cx: number; cy: number; x: number; y: number; width: number; height: number };

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const size = (v: unknown): number | undefined => {
  const n = num(v);
  return n !== undefined && n >= 0 ? n : undefined;
};

export function overlayKind(schema: JsonSchema, data: Record<string, unknown>): string | null {
  const overlay = schema['x-ui']?.overlay;
  if (typeof overlay !== 'string') return null;
  if (schema.properties && overlay in schema.properties) {
    const value = data[overlay];
    return typeof value === 'string' ? value : null;
  }
  return overlay;
}

export function overlayOf(schema: JsonSchema, data: Record<string, unknown>): OverlayShape | null {
  const kind = overlayKind(schema, data);
  if (kind === 'rect') return rectOf(data);
  const cx = num(data.cx);
  const cy = num(data.cy);
  if (!kind || cx === undefined || cy === undefined) return null;
  switch (kind) {
    case 'point':
      return { kind, cx, cy };
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
