import type { Vertex } from '../analysis/overlay';
import { HandleDot } from './HandleDot';
import { MIN_VERTICES } from './polygon-edit';

/** The polygon being drawn: its open outline (in the SVG, layer units). */
function Outline({ points }: { points: readonly Vertex[] }) {
  if (points.length === 0) return null;
  return <polyline className="overlay-draft" data-testid="polygon-draft" points={points.map((p) => `${p.x},${p.y}`).join(' ')} />;
}

/** Its vertices; once there are three, clicking the first one closes the polygon. */
function Vertices({ points, width, height, onClose }: { points: readonly Vertex[]; width: number; height: number; onClose: () => void }) {
  const closable = points.length >= MIN_VERTICES;
  return (
    <>
      {points.map((p, i) => (
        <HandleDot
          key={i}
          x={p.x}
          y={p.y}
          width={width}
          height={height}
          className={`draft ${i === 0 && closable ? 'closes' : ''}`}
          testId={`draft-vertex-${i}`}
          title={i === 0 && closable ? 'Click to close the polygon' : 'Vertex of the new polygon'}
          onPointerDown={(event) => {
            if (event.button !== 0) return;
            event.stopPropagation();
            event.preventDefault();
            if (i === 0 && closable) onClose();
          }}
        />
      ))}
    </>
  );
}

export const PolygonDraft = { Outline, Vertices };
