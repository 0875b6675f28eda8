import { roiCount, type RoiRect } from './roi';

/** What the next job will process: the drawn ROI (with a way to drop it) or the whole scan. */
export function RoiSummary({ rect, onClear }: { rect: RoiRect | null; onClear: () => void }) {
  if (!rect) return <p className="viewer-caption" data-testid="roi-summary">Shift-drag on the scan to limit the next analysis to a region.</p>;
  return (
    <p className="viewer-caption roi-summary" data-testid="roi-summary" data-x0={rect.x0} data-y0={rect.y0} data-x1={rect.x1} data-y1={rect.y1}>
      ROI x {rect.x0}–{rect.x1}, y {rect.y0}–{rect.y1} ({roiCount(rect).toLocaleString('en')} positions): the next analysis processes only these.{' '}
      <button type="button" className="link-button" data-testid="roi-clear" onClick={onClear}>
        clear
      </button>
    </p>
  );
}
