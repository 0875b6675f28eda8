import { useCallback, useEffect, useRef, useState } from 'react';
import type { Vertex } from '../analysis/overlay';
import { MIN_VERTICES } from './polygon-edit';

/**
 * The polygon being drawn click by click, in layer units. `close` hands it over once it has
 * three vertices; Enter closes too, Escape cancels. Emptied whenever drawing stops.
 */
export function usePolygonDraft(drawing: boolean, onClose: (points: Vertex[]) => void, onCancel: () => void) {
  const [points, setPoints] = useState<Vertex[]>([]);
  const latest = useRef({ points, onClose, onCancel });
  latest.current = { points, onClose, onCancel };

  useEffect(() => {
    if (!drawing) setPoints([]);
  }, [drawing]);

  const close = useCallback(() => {
    const { points: drawn, onClose: done } = latest.current;
    if (drawn.length >= MIN_VERTICES) done(drawn);
  }, []);

  useEffect(() => {
    if (!drawing) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') latest.current.onCancel();
      else if (event.key === 'Enter') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [drawing, close]);

  /** Adds a vertex, unless it is within `minDistance` of the last one (the second click of a double-click). */
  const add = useCallback((p: Vertex, minDistance: number) => {
    setPoints((drawn) => {
      const last = drawn[drawn.length - 1];
      return last && Math.hypot(p.x - last.x, p.y - last.y) < minDistance ? drawn : [...drawn, p];
    });
  }, []);

  return { points, add, close };
}
