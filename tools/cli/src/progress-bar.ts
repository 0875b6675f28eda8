/** A one-line progress bar on stderr, drawn only on a terminal and only for runs longer than a moment. */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, total: number, bytesPerUnit = 0): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    if (now - this.started < 500 || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.drawn = true;
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const seconds = (now - this.started) / 1000;
    const rate = bytesPerUnit > 0 && seconds > 0 ? `  ${((done * bytesPerUnit) / seconds / 1e9).toFixed(2)} GB/s` : '';
    this.stream.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%${rate}   `);
  }

  finish(): void {
    if (this.drawn) this.stream.write('\n');
  }
}
