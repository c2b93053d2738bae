import type { Event } from '@quell/contracts';
import { problem } from '@quell/platform-http';
import type { HistoryRange } from '@quell/platform-event-history';
import { backtestRulesIn, backtestRulesOfFile, summarizeBacktest, type BacktestLimits, type BacktestRules, type RuleCatalogSnapshot } from '@quell/rules';

/** The ranges the console offers, back from now. */
export const BACKTEST_RANGES = { '1h': 3_600_000, '1d': 86_400_000 } as const;
export type BacktestRange = keyof typeof BACKTEST_RANGES;

/**
 * Bounds of one backtest: the embedded engine runs in this process, so a backtest reads at most
 * this many events, in pages, and stops between pages after the time allowed.
 */
export const DEFAULT_BACKTEST_LIMITS = { maxEvents: 100_000, timeoutMs: 10_000, pageSize: 2_000 };

/** The name an inline rule's errors carry as their file. */
export const INLINE_RULE_FILE = '(request body).yml';

export interface BacktestRequest {
  /** A rule of the catalog (id, name or title), or with `rule` the one of that text to run. */
  ruleId?: string;
  /** Sigma YAML of a rule not saved yet; it wins an id clash with the catalog, whose rules it may reference. */
  rule?: string;
  range?: BacktestRange;
  /** Epoch ms (instead of a range): from included, to excluded. */
  from?: number;
  to?: number;
}

export interface HistoryPages {
  pages(range: HistoryRange, pageSize: number): AsyncIterable<Event[]>;
}

/** Backtests over the all-in-one's event history, with the rules its correlator runs. */
export class HistoryBacktests {
  constructor(
    private readonly history: HistoryPages,
    private readonly catalog: { current(): RuleCatalogSnapshot },
    private readonly limits: BacktestLimits & { pageSize: number } = DEFAULT_BACKTEST_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  async run(tenant: string, request: BacktestRequest) {
    const { rules, ruleId } = this.rulesOf(request);
    const to = request.to ?? this.now();
    const from = request.from ?? to - BACKTEST_RANGES[request.range ?? '1h'];
    const summary = await summarizeBacktest(rules, this.history.pages({ from, to, tenant }, this.limits.pageSize), { ...this.limits, now: this.now });
    return {
      ruleId,
      range: request.range ?? null,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      tenant,
      ...summary,
      limits: { maxEvents: this.limits.maxEvents, timeoutMs: this.limits.timeoutMs },
    };
  }

  /** The rules to run, or a problem: 404 for an unknown rule, 400 with file and line for a rejected text. */
  private rulesOf(request: BacktestRequest): { rules: BacktestRules; ruleId: string } {
    const snapshot = this.catalog.current();
    if (request.rule !== undefined) {
      const texts = new Map(snapshot.servedTexts).set(INLINE_RULE_FILE, request.rule);
      const { rules, ruleIds, errors } = backtestRulesOfFile(texts, INLINE_RULE_FILE, { ruleRef: request.ruleId });
      if (!rules) {
        const fields = errors.map((e) => ({ location: 'body', path: `${e.file}:${e.line}`, message: e.reason, file: e.file, line: e.line }));
        throw problem(400, `the rule is rejected: ${errors.map((e) => `${e.file}:${e.line}: ${e.reason}`).join('; ')}`, { type: 'urn:quell:problem:invalid-rule', errors: fields });
      }
      return { rules, ruleId: request.ruleId ?? (ruleIds ?? []).join(', ') };
    }
    const ref = request.ruleId as string;
    const all = [...snapshot.detectionRules, ...snapshot.correlationRules];
    // The console names a rule without id or name by its title.
    const rule = snapshot.rule(ref) ?? all.find((r) => r.title === ref);
    if (!rule) throw problem(404, `no loaded rule has the id, name or title "${ref}" (GET /v1/rules lists them)`);
    const targets = rule.kind === 'detection' ? { detections: [rule], correlations: [] } : { detections: [], correlations: [rule] };
    return { rules: backtestRulesIn(snapshot, targets), ruleId: ref };
  }
}
