import type { Point } from './use-view-gestures';
import { formatValue } from './format';

interface PixelReadoutProps {
  values: Float32Array | null;
  width: number;
  height: number;
  /** The image point under the pointer, continuous coordinates. */
  at: Point | null;
  testId: string;
}

/** x, y and the value of the pixel under the pointer. */
export function PixelReadout({ values, width, height, at, testId }: PixelReadoutProps) {
  const x = at ? Math.floor(at.x) : -1;
  const y = at ? Math.floor(at.y) : -1;
  const inside = x >= 0 && y >= 0 && x < width && y < height;
  const value = inside && values ? values[y * width + x] : undefined;
  return (
    <p className="viewer-caption pixel-readout" data-testid={testId} data-x={inside ? x : undefined} data-y={inside ? y : undefined} data-value={value}>
      {inside ? `x ${x}, y ${y}${value === undefined ? '' : `: ${formatValue(value)}`}` : 'Wheel: zoom · Alt- or middle-drag: pan'}
    </p>
  );
}
