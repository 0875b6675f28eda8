import { useEffect, useRef } from 'react';
import { formatValue } from '../viewer/format';
import { VIRIDIS, type Range } from './colormap';

/** The colour scale with the values at its ends (the contrast limits, or the data's range). */
export function ColorBar({ range, scale, lut = VIRIDIS }: { range: Range | null; scale: string; lut?: Uint8Array }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const colours = lut.length / 3;
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(colours, 1);
    for (let i = 0; i < colours; i++) image.data.set([lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2], 255], i * 4);
    context.putImageData(image, 0, 0);
  }, [lut, colours]);
  return (
    <div className="color-bar" data-testid="color-bar">
      <span>{range ? formatValue(range.min) : '–'}</span>
      <canvas ref={canvas} width={colours} height={1} aria-hidden />
      <span>{range ? formatValue(range.max) : '–'}</span>
      <span className="color-bar-scale">{scale}</span>
    </div>
  );
}
