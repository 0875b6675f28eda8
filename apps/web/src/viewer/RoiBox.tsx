import type { RoiRect } from './roi';

/** The ROI rectangle over the scan, in the image layer (percentages of the grid). */
export function RoiBox({ rect, width, height, drawing }: { rect: RoiRect; width: number; height: number; drawing: boolean }) {
  return (
    <div
      className={`roi-box ${drawing ? 'drawing' : ''}`}
      data-testid="roi-box"
      style={{
        left: `${(rect.x0 / width) * 100}%`,
        top: `${(rect.y0 / height) * 100}%`,
        width: `${((rect.x1 - rect.x0 + 1) / width) * 100}%`,
        height: `${((rect.y1 - rect.y0 + 1) / height) * 100}%`,
      }}
    />
  );
}
