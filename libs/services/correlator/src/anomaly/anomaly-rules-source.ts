import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { AnomalyRuleSet } from '@quell/anomaly';
import { ChangeListeners, SerialQueue, watchDirectory } from '@quell/platform-service-kit';
import type { AnomalyMetrics, RulesReloadError } from './anomaly.metrics';
import { parseAnomalyRulesText } from './anomaly-rules-file';

export type AnomalyRulesListener = (next: AnomalyRuleSet, previous: AnomalyRuleSet) => void;

/** What the scheduler and the first-seen detector read: the rules in force now (swapped whole on reload). */
export interface AnomalyRulesSource {
  current(): AnomalyRuleSet;
  /** Present when the rules can change while running; returns the unsubscribe function. */
  onChange?(listener: AnomalyRulesListener): () => void;
}

export const ANOMALY_RULES = Symbol('ANOMALY_RULES');

/** The pino-compatible part of a logger the file uses. */
export interface AnomalyRulesLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface AnomalyRulesFileOptions {
  path: string;
  /** The rules read at boot (none when the file was rejected at boot, see anomalyOptionsFromConfig). */
  initial: AnomalyRuleSet;
  /** Quiet time after a file-system event before reloading (default 250 ms). */
  debounceMs?: number;
  /** Periodic check of the file's mtime and size, where fs.watch misses events (default 5 s; 0 = off). */
  pollIntervalMs?: number;
  /** Watch with fs.watch (default true); off leaves only the periodic check. */
  watch?: boolean;
  logger?: AnomalyRulesLogger;
  metrics?: AnomalyMetrics;
}

export interface AnomalyRulesReload {
  /** The rules in force changed, so listeners were called. */
  changed: boolean;
  /** Why the file's latest version is not used (the last good rules stay active). */
  error?: string;
}

/** What the rules file serves now, for the status endpoint. */
export interface AnomalyRulesStatus {
  file: string;
  rate: number;
  firstSeen: number;
  /** Why the file's latest version is not used; the last good rules are in force meanwhile. */
  error?: string;
  servingPrevious: boolean;
}

const SILENT: AnomalyRulesLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A fixed rule set: no rules file, or tests. */
export class StaticAnomalyRules implements AnomalyRulesSource {
  constructor(private readonly rules: AnomalyRuleSet = { rate: [], firstSeen: [] }) {}

  current(): AnomalyRuleSet {
    return this.rules;
  }
}

/**
 * The anomaly rules of ANOMALY_RULES_FILE, reloaded without restart: the file's directory is
 * watched with the service kit's watchDirectory (so editor renames and ConfigMap symlink swaps are
 * seen), plus a periodic check of mtime and size. A version that cannot be read or parsed is
 * logged and counted once, naming the file and the reason, and the last good rules stay active.
 * Rule lists that did not change keep their identity, so their readers keep their state.
 */
export class AnomalyRulesFile implements AnomalyRulesSource {
  private rules: AnomalyRuleSet;
  /** The text and stat last read, good or bad: an unchanged file is neither parsed nor counted again. */
  private lastText: string | undefined;
  private lastStat = '';
  private lastError: string | undefined;
  private readonly listeners: ChangeListeners<AnomalyRuleSet>;
  private readonly queue = new SerialQueue();
  private watching?: { stop(): void };
  private readonly logger: AnomalyRulesLogger;

  constructor(private readonly options: AnomalyRulesFileOptions) {
    this.rules = options.initial;
    this.logger = options.logger ?? SILENT;
    this.listeners = new ChangeListeners(this.logger, 'an anomaly rules change listener failed');
    this.countRules();
  }

  status(): AnomalyRulesStatus {
    const { rate, firstSeen } = this.rules;
    return { file: this.options.path, rate: rate.length, firstSeen: firstSeen.length, ...(this.lastError ? { error: this.lastError } : {}), servingPrevious: this.lastError !== undefined };
  }

  private countRules(): void {
    this.options.metrics?.rules.set({ kind: 'rate' }, this.rules.rate.length);
    this.options.metrics?.rules.set({ kind: 'first_seen' }, this.rules.firstSeen.length);
  }

  /** Reads the file once more and starts watching it. */
  async start(): Promise<AnomalyRulesReload> {
    const result = await this.reload('start');
    this.watching = watchDirectory(
      { ...this.options, dir: dirname(this.options.path), description: 'anomaly rules directory', logger: this.logger },
      { onChange: () => void this.reload('watch'), onPoll: () => void this.reload('poll') },
    );
    return result;
  }

  stop(): void {
    this.watching?.stop();
  }

  /** Nest calls this when the owning module shuts down. */
  onApplicationShutdown(): void {
    this.stop();
  }

  current(): AnomalyRuleSet {
    return this.rules;
  }

  onChange(listener: AnomalyRulesListener): () => void {
    return this.listeners.add(listener);
  }

  /** Reads the file again (one reload at a time) and swaps the rules when they changed. */
  reload(reason = 'manual'): Promise<AnomalyRulesReload> {
    return this.queue.run(() => this.reloadNow(reason));
  }

  private async reloadNow(reason: string): Promise<AnomalyRulesReload> {
    const { path } = this.options;
    let text: string;
    try {
      const info = await stat(path);
      const signature = `${info.mtimeMs}\u0000${info.size}\u0000${info.ino}`;
      if (reason === 'poll' && signature === this.lastStat) return { changed: false, error: this.lastError };
      this.lastStat = signature;
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      // A file that stays missing is reported once, not at every check.
      if (this.lastStat === `unreadable:${code}`) return { changed: false, error: this.lastError };
      this.lastStat = `unreadable:${code}`;
      this.lastText = undefined;
      return this.rejected('unreadable', `${path}: ${(error as Error).message}`, reason);
    }
    if (text === this.lastText) return { changed: false, error: this.lastError };
    this.lastText = text;
    let parsed: AnomalyRuleSet;
    try {
      parsed = parseAnomalyRulesText(text, basename(path));
    } catch (error) {
      return this.rejected('invalid', (error as Error).message, reason);
    }
    const recovered = this.lastError !== undefined;
    this.lastError = undefined;
    if (reason !== 'start') this.options.metrics?.rulesReloads.inc({ result: 'ok' });
    const previous = this.rules;
    const next: AnomalyRuleSet = {
      rate: isDeepStrictEqual(parsed.rate, previous.rate) ? previous.rate : parsed.rate,
      firstSeen: isDeepStrictEqual(parsed.firstSeen, previous.firstSeen) ? previous.firstSeen : parsed.firstSeen,
    };
    if (next.rate === previous.rate && next.firstSeen === previous.firstSeen) {
      // A file restored to the rules still in force: say it is good again, or the last word in the log stays the error.
      if (recovered) this.logger.info({ file: path, reason, rate: next.rate.length, firstSeen: next.firstSeen.length }, 'anomaly rules file loaded again; its rules are the ones in force');
      return { changed: false };
    }
    this.rules = next;
    this.countRules();
    this.logger.info({ file: path, reason, rate: next.rate.length, firstSeen: next.firstSeen.length }, 'anomaly rules reloaded');
    this.listeners.notify(next, previous);
    return { changed: true };
  }

  private rejected(kind: RulesReloadError, message: string, reason: string): AnomalyRulesReload {
    this.lastError = message;
    this.options.metrics?.rulesReloadErrors.inc({ file: this.options.path, reason: kind });
    this.options.metrics?.rulesReloads.inc({ result: 'failed' });
    this.logger.error({ file: this.options.path, reason, error: message }, 'anomaly rules file rejected; the last good rules stay active');
    return { changed: false, error: message };
  }
}
