/**
 * A synthetic crystal under a scanning beam, in the shape of real 4D-STEM data:
 * - a lattice of diffraction disks around the central (bright-field) disk;
 * - two grains with different lattice rotations, split by a wavy boundary;
 * - Bragg intensities that vary with a thickness-like pattern across the scan,
 *   the central disk dimming where the Bragg disks brighten;
 * - every disk shifted by a beam deflection that follows the gradient of a lattice of
 *   Gaussian "atomic column" potentials (so centre of mass, divergence and curl show structure);
 * - a diffuse background; counts drawn later with Poisson noise.
 */
export interface DiffractionModel {
  /** Mean counts per pixel of one frame, written into `mean` (h × w). */
  frameMean(iy: number, ix: number, mean: Float32Array): void;
}

export function diffractionModel(navShape: [number, number], sigShape: [number, number]): DiffractionModel {
  const [ny, nx] = navShape;
  const [h, w] = sigShape;
  const size = Math.min(h, w);
  const spacing = size / 5;
  const diskRadius = Math.max(1.5, size / 22);
  const maxShift = diskRadius * 0.6;
  const cy = h / 2;
  const cx = w / 2;

  const background = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const r = Math.hypot(y - cy, x - cx);
      background[y * w + x] = 0.05 + 1.5 * Math.exp(-r / (size / 5));
    }
  }

  // Atomic columns on a 4×4 grid over the scan; the deflection is the potential's gradient.
  const columns = 4;
  const periodY = ny / columns;
  const periodX = nx / columns;
  const sigma = Math.max(0.6, Math.min(periodX, periodY) / 4);
  const deflection = (iy: number, ix: number): [number, number] => {
    let gy = 0;
    let gx = 0;
    for (let a = 0; a < columns; a++) {
      for (let b = 0; b < columns; b++) {
        const dy = iy - (a + 0.5) * periodY;
        const dx = ix - (b + 0.5) * periodX;
        const g = Math.exp(-(dy * dy + dx * dx) / (2 * sigma * sigma));
        gy += (dy / sigma) * g;
        gx += (dx / sigma) * g;
      }
    }
    // Toward the column (the beam is pulled toward nuclei): minus the outward gradient.
    return [-maxShift * gy, -maxShift * gx];
  };

  const addDisk = (mean: Float32Array, dy0: number, dx0: number, radius: number, value: number): void => {
    const y0 = Math.max(0, Math.floor(dy0 - radius));
    const y1 = Math.min(h - 1, Math.ceil(dy0 + radius));
    const x0 = Math.max(0, Math.floor(dx0 - radius));
    const x1 = Math.min(w - 1, Math.ceil(dx0 + radius));
    const r2 = radius * radius;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        if ((y - dy0) ** 2 + (x - dx0) ** 2 <= r2) mean[y * w + x]! += value;
      }
    }
  };

  return {
    frameMean(iy, ix, mean) {
      mean.set(background);
      const [sy, sx] = deflection(iy, ix);
      const boundary = nx * (0.55 + 0.1 * Math.sin((2 * Math.PI * iy) / Math.max(1, ny)));
      const angle = ix < boundary ? 0 : (17 * Math.PI) / 180;
      const thickness = 0.5 + 0.5 * Math.sin((2 * Math.PI * ix) / Math.max(2, nx)) * Math.cos((3 * Math.PI * iy) / Math.max(2, ny));
      const bragg = 2 + 10 * thickness;
      addDisk(mean, cy + sy, cx + sx, diskRadius, 40 - 20 * thickness);
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      for (let i = -3; i <= 3; i++) {
        for (let j = -3; j <= 3; j++) {
          if (i === 0 && j === 0) continue;
          const gy = spacing * (i * cos - j * sin);
          const gx = spacing * (i * sin + j * cos);
          const falloff = Math.exp(-Math.hypot(gy, gx) / (size / 3));
          addDisk(mean, cy + gy + sy, cx + gx + sx, diskRadius, bragg * falloff);
        }
      }
    },
  };
}
