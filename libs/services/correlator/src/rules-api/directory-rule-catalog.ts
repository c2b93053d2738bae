import { mkdir } from 'node:fs/promises';
import { Registry } from 'prom-client';
import { ChangeListeners, SerialQueue, watchDirectory } from '@quell/platform-service-kit';
import { RuleCatalog, type CatalogError, type LoadOptions, type RuleCatalogSnapshot } from '@quell/rules';
import { ExpandAwareLoadCache, usesExpand } from './expand-aware-load-cache';
import { deleteRuleFile, directorySignature, readRuleFiles, writeRuleFileAtomically, type RuleFileName } from './rule-directory';
import { RulesMetrics, type ReloadOutcome } from './rules-metrics';

/** The pino-compatible part of a logger the catalog uses. */
export interface CatalogLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DirectoryRuleCatalogOptions {
  dir: string;
  /** Quiet time after a file-system event before reloading: an editor's save is several events (default 250 ms). */
  debounceMs?: number;
  /** Periodic check of names, sizes and mtimes, for file systems where fs.watch misses events (default 5 s; 0 = off). */
  pollIntervalMs?: number;
  /** Watch the directory with fs.watch (default true); off leaves only the periodic check. */
  watch?: boolean;
  load?: LoadOptions;
  logger?: CatalogLogger;
  /** Where the reload metrics go (the service's Prometheus registry). */
  registry?: Registry;
}

export type CatalogListener = (snapshot: RuleCatalogSnapshot, previous: RuleCatalogSnapshot) => void;

export interface ReloadResult {
  outcome: ReloadOutcome;
  version: string;
  /** True when the served rules changed (a new version), so listeners were called. */
  changed: boolean;
  errors: readonly CatalogError[];
}

/** The consequences of writing one file: its own errors and those it would cause in other files. */
export interface ValidationResult {
  errors: CatalogError[];
}

const SILENT: CatalogLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Rules as content, from a directory: loads every .yml/.yaml under it, reloads on change (fs.watch
 * with a debounce, plus a periodic check), and swaps the whole snapshot at once so readers never
 * see half a reload. A file that turns invalid keeps serving its last good rules. Reloads, writes
 * and deletes run one at a time.
 */
export class DirectoryRuleCatalog {
  private snapshot: RuleCatalogSnapshot = RuleCatalog.build({});
  private texts = new Map<RuleFileName, string>();
  private signature = '';
  private readonly listeners: ChangeListeners<RuleCatalogSnapshot>;
  private readonly queue = new SerialQueue();
  private watching?: { stop(): void };
  private readonly logger: CatalogLogger;
  private readonly metrics: RulesMetrics;
  /** Compiled rules of unchanged files carry over from one reload (or validation) to the next. */
  private readonly cache = new ExpandAwareLoadCache();
  /** Load options in force: those configured, with the latest `expand` placeholder values. */
  private load: LoadOptions | undefined;

  constructor(private readonly options: DirectoryRuleCatalogOptions) {
    this.load = options.load;
    this.logger = options.logger ?? SILENT;
    this.listeners = new ChangeListeners(this.logger, 'a rules change listener failed');
    this.metrics = new RulesMetrics(options.registry ?? new Registry());
  }

  get dir(): string {
    return this.options.dir;
  }

  /** Loads the directory (creating it when missing) and starts watching it. */
  async start(): Promise<ReloadResult> {
    await mkdir(this.options.dir, { recursive: true });
    const result = await this.reload('start');
    this.watching = watchDirectory(
      { ...this.options, recursive: true, description: 'rules directory', logger: this.logger },
      { onChange: () => void this.reload('watch'), onPoll: () => void this.checkForChanges() },
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

  current(): RuleCatalogSnapshot {
    return this.snapshot;
  }

  /** Calls `listener` after each reload that changed the rules; returns the unsubscribe function. */
  onChange(listener: CatalogListener): () => void {
    return this.listeners.add(listener);
  }

  /** The text of a file as last read from the directory. */
  textOf(file: RuleFileName): string | undefined {
    return this.texts.get(file);
  }

  /** Reads the directory again and swaps the snapshot. */
  reload(reason = 'manual'): Promise<ReloadResult> {
    return this.queue.run(() => this.reloadNow(reason));
  }

  /**
   * What writing `text` as `file` would cause, without writing: the file's own errors, and errors
   * it would cause in other files (e.g. a rule id that another file already uses, or a correlation
   * elsewhere left without the rule it references). Nothing falls back to last good texts here.
   */
  validate(file: RuleFileName, text: string | undefined): ValidationResult {
    const preferFiles = new Set([...this.texts.keys()].filter((other) => other !== file));
    const before = RuleCatalog.build(this.texts, { load: this.load, preferFiles, cache: this.cache });
    const next = new Map(this.texts);
    if (text === undefined) next.delete(file);
    else next.set(file, text);
    const after = RuleCatalog.build(next, { load: this.load, preferFiles, cache: this.cache });
    const known = new Set(before.errors.map(errorKey));
    return { errors: after.errors.filter((e) => e.file === file || !known.has(errorKey(e))) };
  }

  /** Validates, then writes atomically and reloads; nothing is written when there are errors. */
  write(file: RuleFileName, text: string): Promise<{ written: boolean; created: boolean; errors: CatalogError[]; reload?: ReloadResult }> {
    return this.queue.run(async () => {
      await this.reloadNow('before write'); // validate against what is on disk now
      const { errors } = this.validate(file, text);
      if (errors.length > 0) return { written: false, created: false, errors };
      const created = !this.texts.has(file);
      await writeRuleFileAtomically(this.options.dir, file, text);
      this.logger.info({ file, created }, 'rule file written through the API');
      return { written: true, created, errors: [], reload: await this.reloadNow('write') };
    });
  }

  /**
   * New values for Sigma `expand` placeholders (e.g. from the watchlists): the rules that use
   * `expand` are compiled again with them and served like a reload, even though no file changed.
   */
  setPlaceholders(placeholders: Readonly<Record<string, readonly string[]>>): Promise<ReloadResult> {
    return this.queue.run(async () => {
      this.load = { ...this.load, placeholders };
      this.cache.dropExpanding();
      const affected = [...this.texts.values()].some(usesExpand);
      return this.reloadNow('placeholders', affected);
    });
  }

  /** Deletes a file and reloads; `deleted` is false when there was no such file. */
  remove(file: RuleFileName): Promise<{ deleted: boolean; reload?: ReloadResult }> {
    return this.queue.run(async () => {
      const deleted = await deleteRuleFile(this.options.dir, file);
      if (!deleted) return { deleted };
      this.logger.info({ file }, 'rule file deleted through the API');
      return { deleted, reload: await this.reloadNow('delete') };
    });
  }

  /** `recompiled`: the same texts compile to other rules now (new placeholders), so listeners hear of it. */
  private async reloadNow(reason: string, recompiled = false): Promise<ReloadResult> {
    let read: Awaited<ReturnType<typeof readRuleFiles>>;
    try {
      read = await readRuleFiles(this.options.dir);
    } catch (error) {
      this.metrics.reloads.inc({ result: 'failed' });
      this.logger.error({ err: error, dir: this.options.dir, reason }, 'rules directory could not be read; the last rules stay active');
      return { outcome: 'failed', version: this.snapshot.version, changed: false, errors: this.snapshot.errors };
    }
    const previous = this.snapshot;
    // A file that cannot be read (a link loop, a huge file) is listed with its reason and, like a
    // file that turned invalid, keeps serving its last good rules.
    const next = RuleCatalog.build(read.texts, { load: this.load, lastGood: previous.servedTexts, cache: this.cache, unreadable: read.unreadable });
    this.texts = read.texts;
    this.signature = read.signature;
    const outcome: ReloadOutcome = next.errors.length === 0 ? 'clean' : 'with_errors';
    this.metrics.reloads.inc({ result: outcome });
    this.metrics.rules.set({ kind: 'detection' }, next.detectionRules.length);
    this.metrics.rules.set({ kind: 'correlation' }, next.correlationRules.length);
    this.metrics.errors.set(next.errors.length);
    const changed = recompiled || next.version !== previous.version;
    if (!changed) return { outcome, version: next.version, changed, errors: next.errors };
    this.snapshot = next;
    for (const error of next.errors) this.logger.warn({ file: error.file, line: error.line, reason: error.reason, servingPrevious: error.servingPrevious ?? false }, 'rule rejected');
    this.logger.info(
      { reason, version: next.version, files: next.files.length, detections: next.detectionRules.length, correlations: next.correlationRules.length, errors: next.errors.length },
      'rules reloaded',
    );
    this.listeners.notify(next, previous);
    return { outcome, version: next.version, changed, errors: next.errors };
  }

  private async checkForChanges(): Promise<void> {
    try {
      if ((await directorySignature(this.options.dir)) !== this.signature) await this.reload('poll');
    } catch (error) {
      this.logger.warn({ err: error, dir: this.options.dir }, 'periodic check of the rules directory failed');
    }
  }
}

function errorKey(error: CatalogError): string {
  return `${error.file}\u0000${error.line}\u0000${error.reason}`;
}
