// Zoom and pan of an image inside a box, in CSS pixels. Pure.

/** Screen position of image point (x, y) is (tx + x·scale, ty + y·scale). */
export interface ViewTransform {
  scale: number;
  tx: number;
  ty: number;
}

export interface Size {
  width: number;
  height: number;
}

/** How far a viewer zooms in, relative to one screen pixel per image pixel. */
export const MAX_SCALE = 64;

/** The whole image, as large as fits, centred in the box. */
export function fitTransform(image: Size, box: Size): ViewTransform {
  if (image.width <= 0 || image.height <= 0 || box.width <= 0 || box.height <= 0) return { scale: 1, tx: 0, ty: 0 };
  const scale = Math.min(box.width / image.width, box.height / image.height);
  return { scale, tx: (box.width - image.width * scale) / 2, ty: (box.height - image.height * scale) / 2 };
}

/**
 * Multiplies the zoom by `factor` keeping the image point under (px, py) where it is. The
 * zoom stays between a quarter of `fit` and MAX_SCALE.
 */
export function zoomAbout(view: ViewTransform, factor: number, px: number, py: number, fit: number): ViewTransform {
  const scale = Math.min(Math.max(view.scale * factor, fit / 4), Math.max(MAX_SCALE, fit));
  const k = scale / view.scale;
  return { scale, tx: px - (px - view.tx) * k, ty: py - (py - view.ty) * k };
}

export function panBy(view: ViewTransform, dx: number, dy: number): ViewTransform {
  return { ...view, tx: view.tx + dx, ty: view.ty + dy };
}

/** Image coordinates (continuous: pixel i spans [i, i + 1)) of a point in the box. */
export function toImage(view: ViewTransform, px: number, py: number): { x: number; y: number } {
  return { x: (px - view.tx) / view.scale, y: (py - view.ty) / view.scale };
}

/** Wheel delta to zoom factor: one notch (100 px) zooms by 1.25. */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.pow(1.25, -pixels / 100);
}
