import { useEffect, useRef } from 'react';
import { VIRIDIS, type Range } from './colormap';

function formatValue(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  return abs >= 1e5 || abs < 1e-3 ? v.toExponential(2) : Number(v.toPrecision(4)).toLocaleString('en');
}

/** The colour scale with the minimum and maximum of the finite values. */
export function ColorBar({ range, scale }: { range: Range | null; scale: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const colours = VIRIDIS.length / 3;
    const image = context.createImageData(colours, 1);
    for (let i = 0; i < colours; i++) {
      image.data.set([VIRIDIS[i * 3], VIRIDIS[i * 3 + 1], VIRIDIS[i * 3 + 2], 255], i * 4);
    }
    context.putImageData(image, 0, 0);
  }, []);
  return (
    <div className="color-bar" data-testid="color-bar">
      <span>{range ? formatValue(range.min) : '–'}</span>
      <canvas ref={canvas} width={VIRIDIS.length / 3} height={1} aria-hidden />
      <span>{range ? formatValue(range.max) : '–'}</span>
      <span className="color-bar-scale">{scale}</span>
    </div>
  );
}
