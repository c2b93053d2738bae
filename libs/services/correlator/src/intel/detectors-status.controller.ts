import { Controller, Get, Headers, Inject, UnauthorizedException } from '@nestjs/common';
import { ANOMALY_RULES, type AnomalyRulesSource } from '../anomaly/anomaly-rules-source';
import type { RulesApiKeys } from '../rules-api/rules-api-keys';
import { WATCHLIST_SOURCE } from './intel.tokens';
import type { WatchlistFileStatus, WatchlistSource } from './watchlist-directory';

/** The rules API's keys (RULES_API_KEYS): any of them may read the detectors' status. */
export const STATUS_API_KEYS = Symbol('STATUS_API_KEYS');

/** Entry errors shown per file; the log and `quell_watchlist_entry_errors` have them all. */
const ERRORS_SHOWN = 20;

/**
 * What the stage-1 detectors besides the Sigma rules serve now: each watchlist file (indicators,
 * rejected entries, whether the latest version was rejected and the last good one serves) and the
 * anomaly rules file. Read with a rules API key, like the rules themselves.
 */
@Controller('v1')
export class DetectorsStatusController {
  constructor(
    @Inject(WATCHLIST_SOURCE) private readonly watchlists: WatchlistSource & { status?(): WatchlistFileStatus[]; dir?: string },
    @Inject(ANOMALY_RULES) private readonly anomaly: AnomalyRulesSource,
    @Inject(STATUS_API_KEYS) private readonly keys: RulesApiKeys,
  ) {}

  @Get('watchlists')
  watchlistStatus(@Headers('authorization') authorization: string | undefined) {
    this.authenticate(authorization);
    const files = (this.watchlists.status?.() ?? []).map(({ errors, ...file }) => ({ ...file, entryErrors: errors.length, errors: errors.slice(0, ERRORS_SHOWN) }));
    const index = this.watchlists.current();
    return { dir: this.watchlists.dir ?? null, lists: index.lists.length, indicators: index.size, files };
  }

  @Get('anomaly-rules')
  anomalyRulesStatus(@Headers('authorization') authorization: string | undefined) {
    this.authenticate(authorization);
    const source = this.anomaly as AnomalyRulesSource & { status?(): object };
    const { rate, firstSeen } = this.anomaly.current();
    return source.status?.() ?? { file: null, rate: rate.length, firstSeen: firstSeen.length, servingPrevious: false };
  }

  private authenticate(authorization: string | undefined): void {
    if (!this.keys.callerOfHeader(authorization)) throw new UnauthorizedException('a valid rules API key is required: Authorization: Bearer <key>');
  }
}
