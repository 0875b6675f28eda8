import type { PlacedShape } from '../analysis/overlay';
import type { FieldPatch } from './field-patch';

/** The shapes of the analysis form drawn on the frame, and how edits made there reach the form. */
export interface MaskOverlay {
  shapes: PlacedShape[];
  edit: (patch: FieldPatch) => void;
}

/** The polygon that "draw polygon" replaces: the first one of the overlay. */
export function polygonTarget(overlay: MaskOverlay | null): PlacedShape | undefined {
  return overlay?.shapes.find((s) => s.shape.kind === 'polygon');
}
