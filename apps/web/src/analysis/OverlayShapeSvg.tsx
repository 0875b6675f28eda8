import type { OverlayShape } from './overlay';

interface OverlayShapeSvgProps {
  shape: OverlayShape;
  width: number;
  height: number;
}

/** Draws a detector geometry over a frame; the SVG's units are frame pixels. */
export function OverlayShapeSvg({ shape, width, height }: OverlayShapeSvgProps) {
  // Pixel i covers [i, i + 1) in SVG units, so its centre is at i + 0.5.
  const x = shape.cx + 0.5;
  const y = shape.cy + 0.5;
  const marker = Math.max(width, height) / 40;
  return (
    <svg className="overlay-svg" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" aria-hidden data-testid="frame-overlay">
      {shape.kind === 'disk' && <circle cx={x} cy={y} r={shape.r} className="overlay-line" />}
      {shape.kind === 'ring' && (
        <>
          <path
            className="overlay-fill"
            fillRule="evenodd"
            d={`M ${x - shape.ro} ${y} a ${shape.ro} ${shape.ro} 0 1 0 ${2 * shape.ro} 0 a ${shape.ro} ${shape.ro} 0 1 0 ${-2 * shape.ro} 0 Z M ${x - shape.ri} ${y} a ${shape.ri} ${shape.ri} 0 1 0 ${2 * shape.ri} 0 a ${shape.ri} ${shape.ri} 0 1 0 ${-2 * shape.ri} 0 Z`}
          />
          <circle cx={x} cy={y} r={shape.ro} className="overlay-line" />
          <circle cx={x} cy={y} r={shape.ri} className="overlay-line" />
        </>
      )}
      {shape.kind === 'rect' && <rect x={shape.x} y={shape.y} width={shape.width} height={shape.height} className="overlay-line" />}
      <path d={`M ${x - marker} ${y} H ${x + marker} M ${x} ${y - marker} V ${y + marker}`} className="overlay-cross" />
    </svg>
  );
}
