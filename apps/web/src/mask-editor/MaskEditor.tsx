import { useRef, type PointerEvent } from 'react';
import type { PlacedShape } from '../analysis/overlay';
import { OverlayShapeSvg } from '../analysis/OverlayShapeSvg';
import { dragTo, handlesOf, type Handle } from './handles';
import { polygonTarget, type MaskOverlay } from './mask-overlay';
import { deleteVertex, replaceVertices } from './polygon-edit';
import { PolygonDraft } from './PolygonDraft';
import { HandleDot } from './HandleDot';
import { ShapeGrips } from './ShapeGrips';
import { usePointerDrag } from './use-pointer-drag';
import { usePolygonDraft } from './use-polygon-draft';
import './mask-editor.css';

interface MaskEditorProps {
  overlay: MaskOverlay;
  /** Frame size in pixels: the layer's units. */
  width: number;
  height: number;
  /** "Draw polygon" mode: clicks add vertices of a new polygon. */
  drawing: boolean;
  onDrawingEnd: () => void;
}

const TITLES: Record<string, string> = {
  centre: 'Drag to move the centre',
  r: 'Drag to change the radius',
  ri: 'Drag to change the inner radius',
  ro: 'Drag to change the outer radius',
  a: 'Drag to change the lattice vector a (from the zero-order disk to the disk (1, 0))',
  b: 'Drag to change the lattice vector b (from the zero-order disk to the disk (0, 1))',
  vertex: 'Drag to move the vertex; Alt- or Ctrl-click to delete it',
};

function handleClass(placed: PlacedShape, handle: Handle): string {
  if (handle.role === 'centre' || handle.role === 'vertex') return handle.role;
  if (handle.role === 'a' || handle.role === 'b') return 'vector';
  return placed.shape.kind === 'rect' ? 'edge' : 'radius';
}

/**
 * The analysis form's shapes over the frame with handles to drag (live into the form), polygon
 * edges to click for new vertices, and the polygon being drawn. Lives in the viewer's zoomed
 * layer, so frame pixels map to the screen however the view is zoomed or panned.
 */
export function MaskEditor({ overlay, width, height, drawing, onDrawingEnd }: MaskEditorProps) {
  const layer = useRef<HTMLDivElement>(null);
  const drag = usePointerDrag(layer, width, height);
  const target = polygonTarget(overlay);
  const draft = usePolygonDraft(
    drawing,
    (points) => {
      if (target) overlay.edit(replaceVertices(target, points));
      onDrawingEnd();
    },
    onDrawingEnd,
  );

  const grab = (placed: PlacedShape, handle: Handle) => (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    if (handle.role === 'vertex' && handle.index !== undefined && (event.altKey || event.ctrlKey || event.metaKey)) {
      event.stopPropagation();
      event.preventDefault();
      overlay.edit(deleteVertex(placed, handle.index));
      return;
    }
    drag.start(event, handle, (to) => overlay.edit(dragTo(placed, handle, to)));
  };

  return (
    <div className="mask-editor" ref={layer} data-testid="mask-editor" data-drawing={drawing}>
      <OverlayShapeSvg shapes={drawing ? overlay.shapes.filter((s) => s !== target) : overlay.shapes} width={width} height={height}>
        {!drawing && overlay.shapes.map((placed) => <ShapeGrips key={placed.key} placed={placed} drag={drag} edit={overlay.edit} />)}
        {drawing && (
          <rect
            className="draw-surface"
            data-testid="draw-surface"
            width={width}
            height={height}
            onPointerDown={(event) => {
              if (event.button !== 0 || event.altKey || event.ctrlKey || event.metaKey) return; // pan and zoom still work
              event.stopPropagation();
              event.preventDefault();
              draft.add(drag.toLayer(event), 4 / drag.screenScale());
            }}
            onDoubleClick={draft.close}
          />
        )}
        {drawing && <PolygonDraft.Outline points={draft.points} />}
      </OverlayShapeSvg>
      {!drawing &&
        overlay.shapes.flatMap((placed) =>
          handlesOf(placed).map((handle) => (
            <HandleDot
              key={handle.id}
              x={handle.x}
              y={handle.y}
              width={width}
              height={height}
              className={handleClass(placed, handle)}
              testId={`handle-${handle.id}`}
              title={TITLES[handle.role] ?? 'Drag to move this edge or corner'}
              onPointerDown={grab(placed, handle)}
              follow={drag.follow}
            />
          )),
        )}
      {drawing && <PolygonDraft.Vertices points={draft.points} width={width} height={height} onClose={draft.close} />}
    </div>
  );
}
