import type { ReactNode } from 'react';
import { LatticeOutline } from '../mask-editor/LatticeOutline';
import type { OverlayShape, PlacedShape } from './overlay';

interface OverlayShapeSvgProps {
  shapes: readonly PlacedShape[];
  width: number;
  height: number;
  /** Drawn on top, in the same units (the mask editor's edges, bodies and drafts). */
  children?: ReactNode;
}

/** Draws detector geometries over a frame; the SVG's units are frame pixels (pixel i spans [i, i + 1)). */
export function OverlayShapeSvg({ shapes, width, height, children }: OverlayShapeSvgProps) {
  const marker = Math.max(width, height) / 40;
  return (
    <svg className="overlay-svg" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" data-testid="frame-overlay">
      {shapes.map(({ key, shape }) => (
        <g key={key} data-shape={shape.kind} data-key={key}>
          {shape.kind === 'lattice' ? <LatticeOutline shape={shape} width={width} height={height} marker={marker} /> : <ShapeOutline shape={shape} marker={marker} />}
        </g>
      ))}
      {children}
    </svg>
  );
}

const circlePath = (x: number, y: number, r: number) => `M ${x - r} ${y} a ${r} ${r} 0 1 0 ${2 * r} 0 a ${r} ${r} 0 1 0 ${-2 * r} 0 Z`;

function ShapeOutline({ shape, marker }: { shape: OverlayShape; marker: number }) {
  // The centre of pixel i is at i + 0.5.
  const x = shape.cx + 0.5;
  const y = shape.cy + 0.5;
  const cross = <path d={`M ${x - marker} ${y} H ${x + marker} M ${x} ${y - marker} V ${y + marker}`} className="overlay-cross" />;
  switch (shape.kind) {
    case 'disk':
      return (
        <>
          <circle cx={x} cy={y} r={shape.r} className="overlay-line" data-testid="overlay-r" />
          {cross}
        </>
      );
    case 'ring':
      return (
        <>
          <path className="overlay-fill" fillRule="evenodd" d={`${circlePath(x, y, shape.ro)} ${circlePath(x, y, shape.ri)}`} />
          <circle cx={x} cy={y} r={shape.ro} className="overlay-line" data-testid="overlay-ro" />
          <circle cx={x} cy={y} r={shape.ri} className="overlay-line" data-testid="overlay-ri" />
          {cross}
        </>
      );
    case 'rect':
      return (
        <>
          <rect x={shape.x} y={shape.y} width={shape.width} height={shape.height} className="overlay-line" data-testid="overlay-rect" />
          {cross}
        </>
      );
    case 'polygon':
      return (
        <polygon
          points={shape.vertices.map((v) => `${v.x + 0.5},${v.y + 0.5}`).join(' ')}
          className="overlay-line overlay-fill"
          fillRule="evenodd"
          data-testid="overlay-polygon"
        />
      );
    default:
      return cross;
  }
}
