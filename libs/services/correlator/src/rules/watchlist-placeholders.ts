import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { placeholdersOf } from '@quell/intel';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { WATCHLIST_SOURCE } from '../intel/intel.tokens';
import type { WatchlistSource } from '../intel/watchlist-directory';
import { RULE_CATALOG, type DirectoryRuleCatalog } from '../rules-api';

/**
 * Feeds Sigma `expand` placeholders from the watchlists (`%admin_users%` ← admin_users.csv): set
 * before the first batch, and again after each watchlist reload, which recompiles the rules that
 * use `expand` without a restart.
 */
@Injectable()
export class WatchlistPlaceholders implements OnModuleInit, OnModuleDestroy {
  private unsubscribe?: () => void;

  constructor(
    @Inject(RULE_CATALOG) private readonly catalog: DirectoryRuleCatalog,
    @Inject(WATCHLIST_SOURCE) private readonly watchlists: WatchlistSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.catalog.setPlaceholders(placeholdersOf(this.watchlists.current()));
    this.unsubscribe = this.watchlists.onChange?.((next) => {
      this.catalog.setPlaceholders(placeholdersOf(next)).catch((error: unknown) => this.logger.error({ err: error }, 'rules could not be recompiled with the new watchlists'));
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }
}
