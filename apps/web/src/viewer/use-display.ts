import { useMemo, useState } from 'react';
import { COLORMAPS, finiteRange, type ColormapName, type Range } from '../results/colormap';

export interface Display {
  colormap: ColormapName;
  setColormap: (name: ColormapName) => void;
  /** Contrast limits set by hand or by "auto"; null follows the data's full range. */
  limits: Range | null;
  setLimits: (limits: Range | null) => void;
  lut: Uint8Array;
  /** The range the colours span: the limits, or the finite range of the values. */
  range: Range | null;
  /** The finite range of the values (for "full"). */
  dataRange: Range | null;
}

/** Colour map and contrast limits of one viewer. */
export function useDisplay(values: Float32Array | null, initial: ColormapName = 'viridis'): Display {
  const [colormap, setColormap] = useState<ColormapName>(initial);
  const [limits, setLimits] = useState<Range | null>(null);
  const dataRange = useMemo(() => (values ? finiteRange(values) : null), [values]);
  const range = limits ?? dataRange;
  return { colormap, setColormap, limits, setLimits, lut: COLORMAPS[colormap], range, dataRange };
}
