import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AssetInventory, inventoryFormatOf, parseInventory } from '@quell/assets';
import type { Alert, Incident } from '@quell/contracts';
import { assessPriority, EMPTY_SERVICE_CATALOG, parseServiceCatalog, type PriorityAssessment, type ServiceCatalog } from '@quell/incidents';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { ReloadableFile, SERVICE_CONFIG } from '@quell/platform-service-kit';
import type { IncidentManagerConfig } from '../config';

/**
 * Severity and priority of incidents (libs/incidents README "Priority") against the service catalog
 * and the asset inventory, each a file reloaded without restart (a bad edit keeps the last good one).
 */
@Injectable()
export class IncidentPriorities implements OnModuleInit, OnApplicationShutdown {
  private readonly catalog?: ReloadableFile<ServiceCatalog>;
  private readonly inventory?: ReloadableFile<AssetInventory>;

  constructor(@Inject(SERVICE_CONFIG) config: Pick<IncidentManagerConfig, 'INCIDENT_SERVICE_CATALOG_FILE' | 'INCIDENT_ASSET_INVENTORY_FILE'>, @Inject(LOGGER) logger: Logger) {
    const path = config.INCIDENT_SERVICE_CATALOG_FILE;
    if (path) this.catalog = new ReloadableFile({ path, description: 'service catalog', parse: parseServiceCatalog, logger });
    const assets = config.INCIDENT_ASSET_INVENTORY_FILE;
    if (assets) this.inventory = new ReloadableFile({ path: assets, description: 'asset inventory', parse: (text) => parseInventory(text, inventoryFormatOf(assets)), logger });
  }

  /** Reads both files; a bad one stops the start with its file, line and reason. */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.catalog?.start(), this.inventory?.start()]);
  }

  /** Reads both files again now (they are also watched); a bad version keeps the last good one. */
  async reload(): Promise<void> {
    await Promise.all([this.catalog?.reload('manual'), this.inventory?.reload('manual')]);
  }

  onApplicationShutdown(): void {
    this.catalog?.stop();
    this.inventory?.stop();
  }

  readonly assess = (incident: Incident, alerts: readonly Alert[]): PriorityAssessment =>
    assessPriority({ incident, alerts, catalog: this.catalog?.current() ?? EMPTY_SERVICE_CATALOG, assets: this.inventory?.current() });
}
