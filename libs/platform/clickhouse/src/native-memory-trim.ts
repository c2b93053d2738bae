/**
 * Gives back to the system the native memory the embedded engine (chdb) has freed but glibc still
 * holds. chdb allocates with glibc's malloc from many threads: an insert or a merge takes tens of
 * MB and frees them, and glibc keeps the free pages in its arenas, in RSS, for the next
 * allocation. Under the bench's flood the all-in-one held about 100 MB of them: `malloc_trim(0)`
 * called from gdb at 928 MB RSS took it to 822 at once.
 *
 * The trim runs on a thread of koffi's (`.async`), not on the event loop, and only after RSS grew
 * since the last one, so an idle process makes no call. It holds each arena's lock while it walks
 * it: a thread allocating from that arena meanwhile waits (10-50 ms per call on average under the
 * bench's flood, at most ~0.9 s once), and the pages given back are faulted in again when used.
 *
 * `npm run bench -- --only=all-in-one --quick`, three rounds alternated on 2 cores (6 December
 * 2026): peak RSS 951 / 922 / 944 MB beside 960 / 965 / 1,040 without it; events/s 4,709 / 4,950 /
 * 4,403 beside 4,274 / 4,779 / 5,171; CPU s per 1,000 events at 1% alerts 0.409 / 0.317 / 0.403
 * beside 0.348 / 0.327 / 0.325 (a few % more is its expected cost; the rounds' spread is larger).
 */

/** `malloc_trim(0)` on another thread, calling back when done. */
export type TrimNativeMemory = (done: (error: unknown) => void) => void;

export interface NativeMemoryTrimOptions {
  /** How often RSS is looked at, in ms. */
  intervalMs: number;
  /** A trim runs once RSS is this much above its lowest since the last trim. */
  minGrowthBytes: number;
  onError: (error: unknown) => void;
  /** Seams for the spec. */
  trim?: TrimNativeMemory;
  rss?: () => number;
}

/** The default of minGrowthBytes: small beside what one history insert frees. */
export const DEFAULT_TRIM_MIN_GROWTH_BYTES = 32 * 2 ** 20;

export class NativeMemoryTrim {
  private readonly trim: TrimNativeMemory;
  private readonly rss: () => number;
  private timer?: NodeJS.Timeout;
  private trimming = false;
  private lowestRss: number;
  private trims = 0;

  /** Throws when glibc's malloc_trim cannot be loaded (see runsOnGlibc). */
  constructor(private readonly options: NativeMemoryTrimOptions) {
    this.trim = options.trim ?? loadMallocTrim();
    this.rss = options.rss ?? (() => process.memoryUsage.rss());
    this.lowestRss = this.rss();
  }

  /** Looks at RSS every intervalMs; the timer does not keep the process alive. */
  start(): this {
    this.timer ??= setInterval(() => this.tick(), this.options.intervalMs).unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Trims made so far. */
  get count(): number {
    return this.trims;
  }

  private tick(): void {
    if (this.trimming) return;
    const rss = this.rss();
    this.lowestRss = Math.min(this.lowestRss, rss);
    if (rss - this.lowestRss < this.options.minGrowthBytes) return;
    this.trimming = true;
    this.trim((error) => {
      this.trimming = false;
      this.trims++;
      this.lowestRss = this.rss();
      if (error !== null && error !== undefined) {
        this.stop();
        this.options.onError(error);
      }
    });
  }
}

/** Whether this process runs on glibc, whose malloc_trim the trim calls (musl has none). */
export function runsOnGlibc(): boolean {
  if (process.platform !== 'linux') return false;
  const header = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
  return typeof header?.glibcVersionRuntime === 'string';
}

/**
 * koffi's native binding is loaded here, not when this module is: a process without the embedded
 * engine, or on a platform koffi has no binary for, never loads it.
 */
function loadMallocTrim(): TrimNativeMemory {
  const koffi = require('koffi') as typeof import('koffi');
  const mallocTrim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)');
  return (done) => mallocTrim.async(0, (error: unknown) => done(error));
}
