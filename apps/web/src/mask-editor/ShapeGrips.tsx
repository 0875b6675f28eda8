import type { PointerEvent } from 'react';
import type { PlacedShape } from '../analysis/overlay';
import { bodyHandle, dragTo } from './handles';
import { insertVertex } from './polygon-edit';
import type { PointerDrag } from './use-pointer-drag';

interface ShapeGripsProps {
  placed: PlacedShape;
  drag: PointerDrag;
  edit: (patch: ReturnType<typeof dragTo>) => void;
}

const plainLeft = (event: PointerEvent) => event.button === 0 && !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey;

/**
 * The parts of a shape grabbed by their area or outline, in SVG: the body of a rectangle (drag
 * moves it) and the edges of a polygon (a click inserts a vertex there, dragging moves it).
 */
export function ShapeGrips({ placed, drag, edit }: ShapeGripsProps) {
  const { shape } = placed;
  if (shape.kind === 'rect') {
    const body = bodyHandle(placed)!;
    return (
      <rect
        className="overlay-body"
        data-testid={`body-${placed.key}`}
        x={shape.x}
        y={shape.y}
        width={shape.width}
        height={shape.height}
        onPointerDown={(event) => plainLeft(event) && drag.start(event, body, (to) => edit(dragTo(placed, body, to)))}
        {...drag.follow}
      />
    );
  }
  if (shape.kind !== 'polygon' || shape.vertices.length < 2) return null;
  const n = shape.vertices.length;
  return (
    <>
      {shape.vertices.map((a, i) => {
        const b = shape.vertices[(i + 1) % n]!;
        const onPointerDown = (event: PointerEvent<SVGLineElement>) => {
          if (!plainLeft(event)) return;
          const at = drag.toLayer(event);
          edit(insertVertex(placed, i, at));
          // The new vertex follows the pointer until release.
          const inserted = { id: `${placed.key}-vertex-${i + 1}`, role: 'vertex' as const, index: i + 1, ...at };
          drag.start(event, at, (to) => edit(dragTo(placed, inserted, to)));
        };
        return (
          <line
            key={i}
            className="overlay-edge"
            data-testid={`edge-${placed.key}-${i}`}
            x1={a.x + 0.5}
            y1={a.y + 0.5}
            x2={b.x + 0.5}
            y2={b.y + 0.5}
            onPointerDown={onPointerDown}
            {...drag.follow}
          />
        );
      })}
    </>
  );
}
