import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { enrichWithAsset } from '@quell/assets';
import type { Event } from '@quell/contracts';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import type { NormalizerConfig } from '../config';
import { AssetInventoryFile } from './asset-inventory-file';

/** Adds the asset's service and tags to events when NORMALIZER_ASSET_INVENTORY names a file. */
@Injectable()
export class AssetEnrichmentService implements OnModuleDestroy {
  private readonly file?: AssetInventoryFile;

  constructor(@Inject(SERVICE_CONFIG) config: NormalizerConfig, @Inject(LOGGER) logger: Logger) {
    if (!config.NORMALIZER_ASSET_INVENTORY) return;
    // A file that cannot be read fails the boot; one that does not parse is refused and logged (see AssetInventoryFile).
    this.file = new AssetInventoryFile(config.NORMALIZER_ASSET_INVENTORY, logger);
    this.file.watch();
  }

  enrich(event: Event): Event {
    return this.file ? enrichWithAsset(event, this.file.current) : event;
  }

  onModuleDestroy(): void {
    this.file?.close();
  }
}
