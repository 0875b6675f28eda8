import { useEffect, useRef } from 'react';
import { finiteRange } from './colormap';

interface LinePlotProps {
  values: Float32Array | null;
  testId?: string;
  label: string;
}

const WIDTH = 640;
const HEIGHT = 240;
const PAD = 8;

/** A 1-D result as a line; gaps where values are NaN. */
export function LinePlot({ values, testId, label }: LinePlotProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.clearRect(0, 0, WIDTH, HEIGHT);
    const range = values ? finiteRange(values) : null;
    if (!values || !range) return;
    const span = range.max - range.min || 1;
    const xAt = (i: number) => PAD + (values.length > 1 ? (i / (values.length - 1)) * (WIDTH - 2 * PAD) : (WIDTH - 2 * PAD) / 2);
    const yAt = (v: number) => HEIGHT - PAD - ((v - range.min) / span) * (HEIGHT - 2 * PAD);
    context.strokeStyle = '#35b779';
    context.lineWidth = 1.5;
    context.beginPath();
    let drawing = false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) {
        drawing = false;
        continue;
      }
      if (drawing) context.lineTo(xAt(i), yAt(v));
      else context.moveTo(xAt(i), yAt(v));
      drawing = true;
    }
    context.stroke();
  }, [values]);
  return <canvas ref={canvas} className="line-canvas" width={WIDTH} height={HEIGHT} data-testid={testId} role="img" aria-label={label} />;
}
