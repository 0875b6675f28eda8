import { useCallback, useRef, type PointerEvent, type RefObject } from 'react';
import type { Vertex } from '../analysis/overlay';

interface ActiveDrag {
  pointerId: number;
  /** Handle position minus pointer position at the start: the handle does not jump to the cursor. */
  grab: Vertex;
  move: (to: Vertex) => void;
}

/**
 * Pointer positions over the editor layer in layer units (the layer covers the `width` ×
 * `height` frame at the current zoom and pan, so its box gives the transform), and drags of
 * handles with pointer capture: a drag continues when the cursor leaves the handle or the frame.
 */
export function usePointerDrag(layer: RefObject<HTMLElement | null>, width: number, height: number) {
  const active = useRef<ActiveDrag | null>(null);

  const toLayer = useCallback(
    (event: { clientX: number; clientY: number }): Vertex => {
      const box = layer.current?.getBoundingClientRect();
      if (!box || box.width <= 0 || box.height <= 0) return { x: 0, y: 0 };
      return { x: ((event.clientX - box.left) / box.width) * width, y: ((event.clientY - box.top) / box.height) * height };
    },
    [layer, width, height],
  );

  /** Screen (CSS) pixels per layer unit. */
  const screenScale = useCallback(() => (layer.current?.getBoundingClientRect().width ?? width) / width, [layer, width]);

  /** Starts dragging the handle at `from`; `move` gets the handle's new position. */
  const start = useCallback(
    (event: PointerEvent<Element>, from: Vertex, move: (to: Vertex) => void) => {
      event.stopPropagation(); // the viewer must not pick or pan
      event.preventDefault();
      event.currentTarget.setPointerCapture(event.pointerId);
      const p = toLayer(event);
      active.current = { pointerId: event.pointerId, grab: { x: from.x - p.x, y: from.y - p.y }, move };
    },
    [toLayer],
  );

  const onPointerMove = useCallback(
    (event: PointerEvent<Element>) => {
      const drag = active.current;
      if (!drag || drag.pointerId !== event.pointerId) return;
      const p = toLayer(event);
      drag.move({ x: p.x + drag.grab.x, y: p.y + drag.grab.y });
    },
    [toLayer],
  );

  const end = useCallback((event: PointerEvent<Element>) => {
    if (active.current?.pointerId === event.pointerId) active.current = null;
  }, []);

  return { toLayer, screenScale, start, follow: { onPointerMove, onPointerUp: end, onPointerCancel: end } };
}

export type PointerDrag = ReturnType<typeof usePointerDrag>;
