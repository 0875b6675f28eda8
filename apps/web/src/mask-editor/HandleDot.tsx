import type { PointerEvent } from 'react';

interface HandleDotProps {
  /** Position in layer units, out of `width` × `height`. */
  x: number;
  y: number;
  width: number;
  height: number;
  className: string;
  testId: string;
  title: string;
  onPointerDown: (event: PointerEvent<HTMLDivElement>) => void;
  follow?: {
    onPointerMove: (event: PointerEvent<HTMLDivElement>) => void;
    onPointerUp: (event: PointerEvent<HTMLDivElement>) => void;
    onPointerCancel: (event: PointerEvent<HTMLDivElement>) => void;
  };
}

/**
 * A grab point on the frame. Placed in percent of the layer, sized in CSS pixels: it follows
 * zoom and pan but keeps its size on screen.
 */
export function HandleDot({ x, y, width, height, className, testId, title, onPointerDown, follow }: HandleDotProps) {
  return (
    <div
      className={`mask-handle ${className}`}
      data-testid={testId}
      data-x={x}
      data-y={y}
      title={title}
      style={{ left: `${(x / width) * 100}%`, top: `${(y / height) * 100}%` }}
      onPointerDown={onPointerDown}
      {...follow}
    />
  );
}
