import type { LatticeShape } from '../analysis/overlay';
import { arrowPath, latticeDisks } from './lattice';

interface LatticeOutlineProps {
  shape: LatticeShape;
  /** Frame size in pixels: only disks on the frame are drawn. */
  width: number;
  height: number;
  /** Size of the centre cross and arrow heads, in frame pixels. */
  marker: number;
}

/**
 * A reference lattice over the frame: the zero-order disk (drawn even off the frame), every
 * disk n·a + m·b on the frame (circles of the disk radius, dots without one), and a, b as
 * labelled arrows from the zero-order disk. SVG units are frame pixels (pixel i spans [i, i + 1)).
 */
export function LatticeOutline({ shape, width, height, marker }: LatticeOutlineProps) {
  const x = shape.cx + 0.5;
  const y = shape.cy + 0.5;
  const radius = shape.r ?? marker / 4;
  const tipA = { x: x + shape.a.x, y: y + shape.a.y };
  const tipB = { x: x + shape.b.x, y: y + shape.b.y };
  const disks = latticeDisks(shape, width, height).filter((d) => d.n !== 0 || d.m !== 0);
  const label = (tip: { x: number; y: number }, dx: number, dy: number) => {
    // Beyond the tip, along the vector, so the label does not sit on the disk outline's handle.
    const length = Math.hypot(dx, dy) || 1;
    return { x: tip.x + (dx / length) * marker, y: tip.y + (dy / length) * marker };
  };
  const la = label(tipA, shape.a.x, shape.a.y);
  const lb = label(tipB, shape.b.x, shape.b.y);
  return (
    <g data-testid="overlay-lattice" data-disks={disks.length + 1}>
      {disks.map((d) => (
        <circle key={`${d.n},${d.m}`} cx={d.x + 0.5} cy={d.y + 0.5} r={radius} className="overlay-line overlay-lattice-disk" data-testid="overlay-lattice-disk" data-n={d.n} data-m={d.m} />
      ))}
      <circle cx={x} cy={y} r={radius} className="overlay-line" data-testid="overlay-lattice-zero" />
      <path d={arrowPath({ x, y }, tipA, marker)} className="overlay-arrow" data-testid="overlay-lattice-a" />
      <path d={arrowPath({ x, y }, tipB, marker)} className="overlay-arrow" data-testid="overlay-lattice-b" />
      <text x={la.x} y={la.y} fontSize={marker} textAnchor="middle" dominantBaseline="central" className="overlay-label">
        a
      </text>
      <text x={lb.x} y={lb.y} fontSize={marker} textAnchor="middle" dominantBaseline="central" className="overlay-label">
        b
      </text>
      <path d={`M ${x - marker} ${y} H ${x + marker} M ${x} ${y - marker} V ${y + marker}`} className="overlay-cross" />
    </g>
  );
}
