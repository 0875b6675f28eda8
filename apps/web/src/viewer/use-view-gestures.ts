import { useEffect, useRef, useState, type PointerEvent, type RefObject } from 'react';
import { panBy, toImage, wheelFactor, zoomAbout, type ViewTransform } from './view-transform';

export interface Point {
  x: number;
  y: number;
}

export interface GestureHandlers {
  /** Left click or drag without modifiers, in continuous image coordinates. */
  onPick?: (at: Point) => void;
  /** Shift-drag (or any left drag in region mode): start and current point, `done` on release. */
  onRegion?: (start: Point, end: Point, done: boolean) => void;
  regionMode?: boolean;
}

type Drag = { kind: 'pan'; last: Point } | { kind: 'pick' } | { kind: 'region'; start: Point };

/**
 * Mouse and touch on a viewer: the wheel zooms about the cursor; a middle, Alt- or Ctrl-drag
 * pans (a plain drag too when the viewer has nothing to pick); the rest goes to the handlers.
 * Also tracks the image point under the pointer for the readout.
 */
export function useViewGestures(well: RefObject<HTMLElement | null>, view: ViewTransform, fitScale: number, setView: (update: (v: ViewTransform) => ViewTransform) => void, handlers: GestureHandlers) {
  const [hover, setHover] = useState<Point | null>(null);
  const drag = useRef<Drag | null>(null);
  const current = useRef({ view, fitScale, handlers });
  current.current = { view, fitScale, handlers };

  useEffect(() => {
    const element = well.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault(); // the page must not scroll while zooming
      const rect = element.getBoundingClientRect();
      const factor = wheelFactor(event.deltaY, event.deltaMode);
      setView((v) => zoomAbout(v, factor, event.clientX - rect.left, event.clientY - rect.top, current.current.fitScale));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [well, setView]);

  const local = (event: PointerEvent<HTMLElement>): Point => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  const imageAt = (event: PointerEvent<HTMLElement>): Point => {
    const p = local(event);
    return toImage(current.current.view, p.x, p.y);
  };

  const onPointerDown = (event: PointerEvent<HTMLElement>) => {
    const { onPick, onRegion, regionMode } = current.current.handlers;
    const left = event.button === 0;
    let next: Drag | null = null;
    if (event.button === 1 || (left && (event.altKey || event.ctrlKey || event.metaKey))) next = { kind: 'pan', last: local(event) };
    else if (left && onRegion && (event.shiftKey || regionMode)) next = { kind: 'region', start: imageAt(event) };
    else if (left && onPick) next = { kind: 'pick' };
    else if (left) next = { kind: 'pan', last: local(event) };
    if (!next) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = next;
    if (next.kind === 'pick') onPick?.(imageAt(event));
  };

  const onPointerMove = (event: PointerEvent<HTMLElement>) => {
    const at = imageAt(event);
    setHover(at);
    const active = drag.current;
    if (!active || !event.currentTarget.hasPointerCapture(event.pointerId)) return;
    if (active.kind === 'pan') {
      const p = local(event);
      const { x, y } = active.last;
      active.last = p;
      setView((v) => panBy(v, p.x - x, p.y - y));
    } else if (active.kind === 'pick') current.current.handlers.onPick?.(at);
    else current.current.handlers.onRegion?.(active.start, at, false);
  };

  const onPointerUp = (event: PointerEvent<HTMLElement>) => {
    const active = drag.current;
    drag.current = null;
    if (active?.kind === 'region') current.current.handlers.onRegion?.(active.start, imageAt(event), true);
  };

  return {
    hover,
    pointer: { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp, onPointerLeave: () => setHover(null) },
  };
}
