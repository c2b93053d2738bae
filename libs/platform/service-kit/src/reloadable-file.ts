import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { watchDirectory } from './directory-watch';
import { ChangeListeners, SerialQueue } from './reloadable-source';

/** The pino-compatible part of a logger the file uses. */
export interface ReloadableFileLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ReloadableFileOptions<T> {
  path: string;
  /** What the file holds, for log lines, e.g. `service catalog`. */
  description: string;
  /** Parses the text; throws with a message naming the line and key of the mistake. `source` is the file's base name. */
  parse(text: string, source: string): T;
  /** Quiet time after a file-system event before reloading (default 250 ms). */
  debounceMs?: number;
  /** Periodic check of the file's mtime and size, where fs.watch misses events (default 5 s; 0 = off). */
  pollIntervalMs?: number;
  /** Watch with fs.watch (default true); off leaves only the periodic check. */
  watch?: boolean;
  logger: ReloadableFileLogger;
}

export interface ReloadResult {
  /** The value in force changed, so listeners were called. */
  changed: boolean;
  /** Why the file's latest version is not used (the last good value stays in force). */
  error?: string;
}

/**
 * One content file reloaded without a restart (the service catalog; the shape the anomaly rules
 * file has by hand): its directory is watched (editor renames and ConfigMap symlink swaps are
 * seen), plus a periodic check of mtime and size. `start` throws when the file is bad at boot, so
 * config fails before the service runs; afterwards a version that cannot be read or parsed is
 * logged once and the last good value stays in force.
 */
export class ReloadableFile<T> {
  private value: T | undefined;
  /** The text and stat last read, good or bad: an unchanged file is neither parsed nor logged again. */
  private lastText: string | undefined;
  private lastStat = '';
  private lastError: string | undefined;
  private readonly listeners: ChangeListeners<T>;
  private readonly queue = new SerialQueue();
  private watching?: { stop(): void };

  constructor(private readonly options: ReloadableFileOptions<T>) {
    this.listeners = new ChangeListeners(options.logger, `a ${options.description} change listener failed`);
  }

  /** Reads and parses the file (throwing its error when it is bad) and starts watching it. */
  async start(): Promise<T> {
    const result = await this.reload('start');
    if (result.error !== undefined) throw new Error(`${this.options.description} ${this.options.path} refused: ${result.error}`);
    this.watching = watchDirectory(
      { ...this.options, dir: dirname(this.options.path) },
      { onChange: () => void this.reload('watch'), onPoll: () => void this.reload('poll') },
    );
    return this.current();
  }

  stop(): void {
    this.watching?.stop();
  }

  /** Nest calls this when the owning module shuts down. */
  onApplicationShutdown(): void {
    this.stop();
  }

  /** The value in force; only after `start` has resolved. */
  current(): T {
    if (this.value === undefined) throw new Error(`${this.options.description} read before start()`);
    return this.value;
  }

  /** Why the file's latest version is not in force, if it is not. */
  error(): string | undefined {
    return this.lastError;
  }

  /** Returns the unsubscribe function. */
  onChange(listener: (next: T, previous: T) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Reads the file again (one reload at a time) and swaps the value when its text changed. */
  reload(reason = 'manual'): Promise<ReloadResult> {
    return this.queue.run(() => this.reloadNow(reason));
  }

  private async reloadNow(reason: string): Promise<ReloadResult> {
    const { path } = this.options;
    let text: string;
    try {
      const info = await stat(path);
      const signature = `${info.mtimeMs}\u0000${info.size}\u0000${info.ino}`;
      if (reason === 'poll' && signature === this.lastStat) return this.unchanged();
      this.lastStat = signature;
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      // A file that stays missing is reported once, not at every check.
      if (this.lastStat === `unreadable:${code}`) return this.unchanged();
      this.lastStat = `unreadable:${code}`;
      this.lastText = undefined;
      return this.rejected(`${path}: ${(error as Error).message}`, reason);
    }
    if (text === this.lastText) return this.unchanged();
    this.lastText = text;
    let next: T;
    try {
      next = this.options.parse(text, basename(path));
    } catch (error) {
      return this.rejected((error as Error).message, reason);
    }
    this.lastError = undefined;
    const previous = this.value;
    this.value = next;
    this.options.logger.info({ file: path, reason }, `${this.options.description} loaded`);
    if (previous !== undefined) this.listeners.notify(next, previous);
    return { changed: previous !== undefined };
  }

  private unchanged(): ReloadResult {
    return this.lastError === undefined ? { changed: false } : { changed: false, error: this.lastError };
  }

  private rejected(message: string, reason: string): ReloadResult {
    this.lastError = message;
    const kept = this.value === undefined ? '' : '; the last good version stays in force';
    this.options.logger.error({ file: this.options.path, reason, error: message }, `${this.options.description} file rejected${kept}`);
    return { changed: false, error: message };
  }
}
