/**
 * One status line on a terminal, rewritten in place at most every 100 ms. A dependency such as
 * cli-progress would draw the same single line; the replay needs no bar layout, ETA model or
 * multi-bar support, so these few lines of ANSI stand in for a package in the shared lockfile.
 */
export class ProgressLine {
  private lastDrawn = -Infinity;
  private drawn = false;

  constructor(
    private readonly stream: { write(text: string): unknown; columns?: number },
    private readonly now: () => number,
  ) {}

  update(text: string, force = false): void {
    const now = this.now();
    if (!force && now - this.lastDrawn < 100) return;
    this.lastDrawn = now;
    const width = Math.max(20, (this.stream.columns ?? 80) - 1);
    // \r to the line's start, ESC[2K to clear it: a shorter text leaves nothing of the longer one.
    this.stream.write(`\r\x1b[2K${text.slice(0, width)}`);
    this.drawn = true;
  }

  /** Clears the line, so the summary starts on a clean one. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

/** `[#####-----]  42%` for a known input size, else nothing. */
export function progressBar(done: number, total: number | undefined, width = 20): string {
  if (!total) return '';
  const fraction = Math.min(1, done / total);
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% `;
}
