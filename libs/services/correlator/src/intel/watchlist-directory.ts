import { mkdir } from 'node:fs/promises';
import { ChangeListeners, SerialQueue, watchDirectory } from '@quell/platform-service-kit';
import { parseWatchlist, WatchlistIndex, type EntryError, type IntelFieldSpec, type Watchlist } from '@quell/intel';
import { listWatchlistFiles, readWatchlistText, type WatchlistFile } from './watchlist-files';

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
}

/** One file as last loaded. */
export interface WatchlistFileStatus {
  file: string;
  list: string;
  indicators: number;
  errors: readonly EntryError[];
  skipped: Watchlist['skipped'];
  /** The latest version could not be used; the list serves the last good one. */
  servingPrevious: boolean;
}

export type WatchlistListener = (next: WatchlistIndex, previous: WatchlistIndex) => void;

interface LoadedFile {
  stat: string;
  text: string;
  /** The version the index uses: the latest, or the last good one when the latest is unusable. */
  served: Watchlist;
  status: WatchlistFileStatus;
}

const SILENT: WatchlistLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A version that yields nothing but errors (not JSON, no declared kind …) is unusable; one with some bad rows is not. */
function unusable(list: Watchlist): boolean {
  return list.indicators.length === 0 && list.errors.length > 0;
}

/**
 * Watchlists from a directory (`WATCHLISTS_DIR`): every .csv and .json file is one list named after
 * the file. Reloads on change (fs.watch with a debounce, plus a periodic check of mtimes), builds a
 * new WatchlistIndex and swaps it in one assignment, so a reader never sees half a reload. A file
 * that turns unusable keeps serving its last good version; each bad entry is logged with its
 * file, line (or index) and reason. Reloads run one at a time.
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
      this.logger.error({ err: error, dir: this.options.dir, reason }, 'watchlist directory could not be read; the last watchlists stay active');
      return { changed: false, index: this.index };
    }
    const next = new Map<string, LoadedFile>();
    const lists = new Set<string>();
    let changed = false;
    for (const file of files) {
      if (lists.has(file.list)) {
        this.logger.warn({ file: file.file, list: file.list }, 'another file already defines this watchlist; file ignored');
        continue;
      }
      const loaded = await this.loadFile(file, reason);
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
    this.loaded = next;
    if (!changed) return { changed, index: this.index };
    const previous = this.index;
    this.index = new WatchlistIndex([...next.values()].map((f) => f.served), this.options.fields);
    this.logger.info({ reason, lists: this.index.lists.length, indicators: this.index.size }, 'watchlists reloaded');
    this.listeners.notify(this.index, previous);
    return { changed, index: this.index };
  }

  /** The file's loaded state: unchanged files keep theirs; undefined when it cannot be read and was never loaded. */
  private async loadFile(file: WatchlistFile, reason: string): Promise<LoadedFile | undefined> {
    const before = this.loaded.get(file.file);
    const stat = `${file.mtimeMs}\u0000${file.size}`;
    if (before && reason === 'poll' && before.stat === stat) return before;
    let text: string;
    try {
      text = await readWatchlistText(file);
    } catch (error) {
      this.logger.error({ err: error, file: file.file }, 'watchlist file could not be read; keeping its previous version');
      return before;
    }
    if (before && before.text === text) return { ...before, stat };
    const parsed = parseWatchlist(file.list, file.format, text, { now: this.options.clock ?? Date.now });
    for (const error of parsed.errors) this.logger.warn({ file: file.file, line: error.line, index: error.index, reason: error.reason }, 'watchlist entry rejected');
    const keepPrevious = unusable(parsed) && before !== undefined;
    const served = keepPrevious ? before.served : parsed;
    if (keepPrevious) this.logger.error({ file: file.file, errors: parsed.errors.length }, 'watchlist file unusable; serving its last good version');
    this.logger.info({ file: file.file, list: file.list, indicators: parsed.indicators.length, errors: parsed.errors.length, ...parsed.skipped }, 'watchlist file loaded');
    return {
      stat,
      text,
      served,
      status: { file: file.file, list: file.list, indicators: served.indicators.length, errors: parsed.errors, skipped: parsed.skipped, servingPrevious: keepPrevious },
    };
  }
}

/** A fixed index, for when no watchlist directory is configured and for tests. */
export class StaticWatchlistSource implements WatchlistSource {
  constructor(private readonly index: WatchlistIndex = WatchlistIndex.empty()) {}

  current(): WatchlistIndex {
    return this.index;
  }
}
