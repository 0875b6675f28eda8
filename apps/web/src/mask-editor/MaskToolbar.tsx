import type { MaskOverlay } from './mask-overlay';
import { polygonTarget } from './mask-overlay';

interface MaskToolbarProps {
  overlay: MaskOverlay | null;
  drawing: boolean;
  onDrawingChange: (drawing: boolean) => void;
}

/** Under the frame: how to edit the shapes, and the "draw polygon" switch when there is a polygon. */
export function MaskToolbar({ overlay, drawing, onDrawingChange }: MaskToolbarProps) {
  if (!overlay) return null;
  const polygon = polygonTarget(overlay) !== undefined;
  return (
    <div className="mask-toolbar" data-testid="mask-toolbar">
      {polygon && (
        <button type="button" className={drawing ? 'active' : ''} data-testid="draw-polygon" aria-pressed={drawing} onClick={() => onDrawingChange(!drawing)}>
          {drawing ? 'Cancel drawing' : 'Draw polygon'}
        </button>
      )}
      <span className="muted">
        {drawing
          ? 'Click to add vertices; double-click, Enter or a click on the first vertex closes the polygon; Esc cancels.'
          : polygon
            ? 'Drag the handles; click an edge to add a vertex, Alt-click a vertex to delete it.'
            : 'Drag the handles to change the detector; the form follows.'}
      </span>
    </div>
  );
}
