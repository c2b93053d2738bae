import { mkdir } from 'node:fs/promises';
import { ChangeListeners, SerialQueue, watchDirectory } from '@quell/platform-service-kit';
import { parseWatchlist, WatchlistIndex, type EntryError, type IntelFieldSpec, type Watchlist } from '@quell/intel';
import { listWatchlistFiles, readWatchlistText, type WatchlistFile } from './watchlist-files';
import type { WatchlistMetrics } from './watchlist.metrics';

/** The pino-compatible part of a logger the directory uses. */
export interface WatchlistLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the correlator reads: the index in force now (swapped whole on reload). */
export interface WatchlistSource {
  current(): WatchlistIndex;
  /** Present when the lists can change while running; returns the unsubscribe function. */
  onChange?(listener: WatchlistListener): () => void;
}

export interface WatchlistDirectoryOptions {
  dir: string;
  /** Quiet time after a file-system event before reloading: one save is several events (default 250 ms). */
  debounceMs?: number;
  /** Periodic check of names, sizes and mtimes, for file systems where fs.watch misses events (default 5 s; 0 = off). */
  pollIntervalMs?: number;
  /** Watch the directory with fs.watch (default true); off leaves only the periodic check. */
  watch?: boolean;
  /** Wall clock against which STIX `valid_until` is judged (default Date.now). */
  clock?: () => number;
  /** Event fields searched (default DEFAULT_INTEL_FIELDS). */
  fields?: IntelFieldSpec;
  logger?: WatchlistLogger;
  metrics?: WatchlistMetrics;
}

/** One file as last loaded. */
export interface WatchlistFileStatus {
  file: string;
  list: string;
  /** Indicators the list serves (0 when it serves nothing). */
  indicators: number;
  errors: readonly EntryError[];
  skipped: Watchlist['skipped'];
  /** The latest version could not be used; the list serves the last good one. */
  servingPrevious: boolean;
  /** Why the latest version as a whole could not be used (unreadable, not JSON, every entry bad …). */
  rejected?: string;
  /** Whether the list is in the index: false when no version of the file was ever usable. */
  served: boolean;
}

export type WatchlistListener = (next: WatchlistIndex, previous: WatchlistIndex) => void;

interface LoadedFile {
  stat: string;
  text: string;
  /** The version the index uses: the latest, the last good one when the latest is unusable, or none. */
  served: Watchlist | undefined;
  status: WatchlistFileStatus;
}

const SILENT: WatchlistLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Why a version cannot be used as a whole (not JSON, no declared kind …, or no entry good), or
 * undefined; one with some bad rows is usable.
 */
function rejectionOf(list: Watchlist): string | undefined {
  if (list.fileError !== undefined) return list.fileError;
  return list.indicators.length === 0 && list.errors.length > 0 ? `every entry was rejected (${list.errors.length})` : undefined;
}

/**
 * Watchlists from a directory (`WATCHLISTS_DIR`): every .csv and .json file is one list named after
 * the file. Reloads on change (fs.watch with a debounce, plus a periodic check of mtimes), builds a
 * new WatchlistIndex and swaps it in one assignment, so a reader never sees half a reload. A file
 * rejected as a whole is one error naming the file and the reason, and keeps serving its last good
 * version (a file never good is left out: an empty list would empty the `expand` filters fed by
 * it); in a usable file each bad entry is logged with its line (or index) and reason. Reloads run
 * one at a time; `status()` and the metrics tell what each list serves.
 */
export class WatchlistDirectory implements WatchlistSource {
  private index: WatchlistIndex;
  private loaded = new Map<string, LoadedFile>();
  private readonly listeners: ChangeListeners<WatchlistIndex>;
  private readonly queue = new SerialQueue();
  private watching?: { stop(): void };
  private readonly logger: WatchlistLogger;

  constructor(private readonly options: WatchlistDirectoryOptions) {
    this.logger = options.logger ?? SILENT;
    this.listeners = new ChangeListeners(this.logger, 'a watchlist change listener failed');
    this.index = new WatchlistIndex([], options.fields);
  }

  get dir(): string {
    return this.options.dir;
  }

  /** Loads the directory (creating it when missing) and starts watching it. */
  async start(): Promise<WatchlistIndex> {
    await mkdir(this.options.dir, { recursive: true });
    await this.reload('start');
    this.watching = watchDirectory(
      { ...this.options, description: 'watchlist directory', logger: this.logger },
      { onChange: () => void this.reload('watch'), onPoll: () => void this.reload('poll') },
    );
    return this.index;
  }

  stop(): void {
    this.watching?.stop();
  }

  /** Nest calls this when the owning module shuts down. */
  onApplicationShutdown(): void {
    this.stop();
  }

  current(): WatchlistIndex {
    return this.index;
  }

  /** Each file as last loaded, by file name. */
  status(): WatchlistFileStatus[] {
    return [...this.loaded.values()].map((f) => f.status);
  }

  /** Calls `listener` after each reload that changed the index (e.g. to recompile `expand` rules). */
  onChange(listener: WatchlistListener): () => void {
    return this.listeners.add(listener);
  }

  /**
   * Reads the directory again and swaps the index when anything changed. A periodic check re-reads
   * only files whose size or mtime moved; any other reason re-reads every file and compares texts.
   */
  reload(reason = 'manual'): Promise<{ changed: boolean; index: WatchlistIndex }> {
    return this.queue.run(() => this.reloadNow(reason));
  }

  private async reloadNow(reason: string): Promise<{ changed: boolean; index: WatchlistIndex }> {
    let files: WatchlistFile[];
    try {
      files = await listWatchlistFiles(this.options.dir);
    } catch (error) {
      this.options.metrics?.reloads.inc({ result: 'failed' });
      this.logger.error({ err: error, dir: this.options.dir, reason }, 'watchlist directory could not be read; the last watchlists stay active');
      return { changed: false, index: this.index };
    }
    const next = new Map<string, LoadedFile>();
    const lists = new Set<string>();
    let changed = false;
    let failed = false;
    for (const file of files) {
      if (lists.has(file.list)) {
        this.logger.warn({ file: file.file, list: file.list }, 'another file already defines this watchlist; file ignored');
        continue;
      }
      const { loaded, error } = await this.loadFile(file, reason);
      failed ||= error;
      if (!loaded) continue;
      lists.add(file.list);
      next.set(file.file, loaded);
      if (this.loaded.get(file.file)?.served !== loaded.served) changed = true;
    }
    for (const file of this.loaded.keys()) {
      if (!next.has(file)) {
        changed = true;
        this.logger.info({ file }, 'watchlist file removed');
      }
    }
    const before = this.loaded;
    this.loaded = next;
    if (changed || failed) this.options.metrics?.reloads.inc({ result: failed ? 'failed' : 'ok' });
    this.recordGauges(before);
    if (!changed) return { changed, index: this.index };
    const previous = this.index;
    this.index = new WatchlistIndex([...next.values()].flatMap((f) => (f.served ? [f.served] : [])), this.options.fields);
    this.logger.info({ reason, lists: this.index.lists.length, indicators: this.index.size }, 'watchlists reloaded');
    this.listeners.notify(this.index, previous);
    return { changed, index: this.index };
  }

  /** Per-list gauges from the files now loaded; lists whose file went away are dropped. */
  private recordGauges(before: ReadonlyMap<string, LoadedFile>): void {
    const metrics = this.options.metrics;
    if (!metrics) return;
    for (const [file, { status }] of before) {
      if (this.loaded.has(file)) continue;
      for (const gauge of [metrics.indicators, metrics.entryErrors, metrics.servingPrevious]) gauge.remove({ list: status.list });
    }
    for (const { status } of this.loaded.values()) {
      metrics.indicators.set({ list: status.list }, status.indicators);
      metrics.entryErrors.set({ list: status.list }, status.errors.length);
      metrics.servingPrevious.set({ list: status.list }, status.servingPrevious ? 1 : 0);
    }
  }

  /**
   * The file's loaded state (unchanged files keep theirs; undefined when it cannot be read and was
   * never loaded) and whether this version met an error (counted and logged once, here).
   */
  private async loadFile(file: WatchlistFile, reason: string): Promise<{ loaded: LoadedFile | undefined; error: boolean }> {
    const before = this.loaded.get(file.file);
    const stat = `${file.mtimeMs}\u0000${file.size}`;
    if (before && reason === 'poll' && before.stat === stat) return { loaded: before, error: false };
    let text: string;
    try {
      text = await readWatchlistText(file);
    } catch (error) {
      this.options.metrics?.fileErrors.inc({ list: file.list, reason: 'unreadable' });
      this.logger.error({ err: error, file: file.file, list: file.list, servingPrevious: before?.served !== undefined }, 'watchlist file could not be read; keeping its previous version');
      return { loaded: before && { ...before, status: { ...before.status, servingPrevious: before.served !== undefined, rejected: `unreadable: ${(error as Error).message}` } }, error: true };
    }
    if (before && before.text === text) return { loaded: { ...before, stat }, error: false };
    const parsed = parseWatchlist(file.list, file.format, text, { now: this.options.clock ?? Date.now });
    const rejected = rejectionOf(parsed);
    if (rejected === undefined) {
      for (const error of parsed.errors) this.logger.warn({ file: file.file, line: error.line, index: error.index, reason: error.reason }, 'watchlist entry rejected');
      this.logger.info({ file: file.file, list: file.list, indicators: parsed.indicators.length, errors: parsed.errors.length, ...parsed.skipped }, 'watchlist file loaded');
      const status = { file: file.file, list: file.list, indicators: parsed.indicators.length, errors: parsed.errors, skipped: parsed.skipped, servingPrevious: false, served: true };
      return { loaded: { stat, text, served: parsed, status }, error: false };
    }
    // One error for the file, with its reason (and the first entry errors when every entry failed).
    const served = before?.served;
    this.options.metrics?.fileErrors.inc({ list: file.list, reason: 'rejected' });
    this.logger.error(
      { file: file.file, list: file.list, reason: rejected, ...(parsed.fileError ? {} : { firstErrors: parsed.errors.slice(0, 3) }), servingPrevious: served !== undefined, indicators: served?.indicators.length ?? 0 },
      served ? 'watchlist file rejected; serving its last good version' : 'watchlist file rejected; the list is not loaded (no earlier good version)',
    );
    const status = { file: file.file, list: file.list, indicators: served?.indicators.length ?? 0, errors: parsed.errors, skipped: parsed.skipped, servingPrevious: served !== undefined, rejected, served: served !== undefined };
    return { loaded: { stat, text, served, status }, error: true };
  }
}

/** A fixed index, for when no watchlist directory is configured and for tests. */
export class StaticWatchlistSource implements WatchlistSource {
  constructor(private readonly index: WatchlistIndex = WatchlistIndex.empty()) {}

  current(): WatchlistIndex {
    return this.index;
  }
}
