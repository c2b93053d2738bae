import { watch, type FSWatcher } from 'node:fs';

export interface DirectoryWatchOptions {
  dir: string;
  /** What the directory holds, for log lines, e.g. `rules directory`. */
  description: string;
  recursive?: boolean;
  /** Quiet time after a file-system event before `onChange`: one save is several events (default 250 ms). */
  debounceMs?: number;
  /** Period of `onPoll`, for file systems where fs.watch misses events (default 5 s; 0 = off). */
  pollIntervalMs?: number;
  /** Watch with fs.watch (default true); off leaves only the periodic check. */
  watch?: boolean;
  logger: { warn(obj: object, msg: string): void };
}

export interface DirectoryWatchHandlers {
  /** After a burst of file-system events has settled. */
  onChange(): void;
  /** Every poll interval, whether or not anything was seen to change. */
  onPoll(): void;
}

/**
 * Content directories reloaded without a restart (rules, watchlists): fs.watch with a debounce,
 * plus a periodic check as a fallback where fs.watch misses events (network and overlay file
 * systems, ConfigMap symlink swaps). A watch that fails leaves the periodic check in force.
 */
export function watchDirectory(options: DirectoryWatchOptions, handlers: DirectoryWatchHandlers): { stop(): void } {
  let stopped = false;
  let watcher: FSWatcher | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;

  const scheduleChange = () => {
    if (stopped) return;
    clearTimeout(debounce);
    debounce = setTimeout(() => handlers.onChange(), options.debounceMs ?? 250);
    debounce.unref();
  };

  if (options.watch ?? true) {
    try {
      watcher = watch(options.dir, { recursive: options.recursive ?? false, persistent: false }, scheduleChange);
      watcher.on('error', (error) => {
        options.logger.warn({ err: error, dir: options.dir }, `watching the ${options.description} failed; relying on the periodic check`);
        watcher?.close();
      });
    } catch (error) {
      options.logger.warn({ err: error, dir: options.dir }, `the ${options.description} cannot be watched; relying on the periodic check`);
    }
  }
  const every = options.pollIntervalMs ?? 5_000;
  if (every > 0) {
    poll = setInterval(() => handlers.onPoll(), every);
    poll.unref();
  }

  return {
    stop() {
      stopped = true;
      watcher?.close();
      clearTimeout(debounce);
      clearInterval(poll);
    },
  };
}
