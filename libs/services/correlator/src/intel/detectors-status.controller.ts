import { Controller, Get, Inject } from '@nestjs/common';
import { RequireScope } from '@quell/platform-http';
import { ANOMALY_RULES, type AnomalyRulesSource } from '../anomaly/anomaly-rules-source';
import { RULES_KEY_READ } from '../rules-api/rules-api-keys';
import { WATCHLIST_SOURCE } from './intel.tokens';
import type { WatchlistFileStatus, WatchlistSource } from './watchlist-directory';

/** Entry errors shown per file; the log and `quell_watchlist_entry_errors` have them all. */
const ERRORS_SHOWN = 20;

/**
 * What the stage-1 detectors besides the Sigma rules serve now: each watchlist file (indicators,
 * rejected entries, whether the latest version was rejected and the last good one serves) and the
 * anomaly rules file. Read with a rules API key, like the rules themselves.
 */
@Controller('v1')
@RequireScope('read', RULES_KEY_READ)
export class DetectorsStatusController {
  constructor(
    @Inject(WATCHLIST_SOURCE) private readonly watchlists: WatchlistSource & { status?(): WatchlistFileStatus[]; dir?: string },
    @Inject(ANOMALY_RULES) private readonly anomaly: AnomalyRulesSource,
  ) {}

  @Get('watchlists')
  watchlistStatus() {
    const files = (this.watchlists.status?.() ?? []).map(({ errors, ...file }) => ({ ...file, entryErrors: errors.length, errors: errors.slice(0, ERRORS_SHOWN) }));
    const index = this.watchlists.current();
    return { dir: this.watchlists.dir ?? null, lists: index.lists.length, indicators: index.size, files };
  }

  @Get('anomaly-rules')
  anomalyRulesStatus() {
    const source = this.anomaly as AnomalyRulesSource & { status?(): object };
    const { rate, firstSeen } = this.anomaly.current();
    return source.status?.() ?? { file: null, rate: rate.length, firstSeen: firstSeen.length, servingPrevious: false };
  }
}
