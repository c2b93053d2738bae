import { z } from 'zod';
import { parseServiceCatalog, type ServiceCatalog } from '@quell/incidents';
import { EMPTY_ROUTING_TABLE, parseRoutingFile, type RoutingTable } from '@quell/notify';
import { ConfigError, loadConfig } from '@quell/platform-config';
import type { Logger } from '@quell/platform-observability';
import { ReloadableFile } from '@quell/platform-service-kit';
import type { NotifierConfig } from '../config';

/** The channel name a NOTIFY_WEBHOOK_URL-only deployment sends to (the notifier before routing files). */
export const LEGACY_WEBHOOK_CHANNEL = 'webhook';

/**
 * The routing table in force (the file, reloaded without restart; a bad edit is logged and the last
 * good table stays) and the teams of services (the catalog, when configured).
 */
export class RoutingSource {
  private constructor(
    private readonly routes: ReloadableFile<RoutingTable> | null,
    private readonly catalog: ReloadableFile<ServiceCatalog> | null,
    /** Without a routing file: NOTIFY_WEBHOOK_URL for opened incidents, else nothing. */
    readonly legacyWebhookUrl: string | null,
  ) {}

  static async start(config: NotifierConfig, logger: Logger): Promise<RoutingSource> {
    // The file names the environment variables holding its channels' URLs and keys; they are read
    // through the config lib, the one reader of the environment, and kept only in the parsed table.
    const environment = loadConfig(z.record(z.string(), z.string()));
    const routes = config.NOTIFY_ROUTES_FILE
      ? new ReloadableFile({ path: config.NOTIFY_ROUTES_FILE, description: 'routing rules', parse: (text, source) => parseRoutingFile(text, source, environment), logger })
      : null;
    const catalog = config.NOTIFY_SERVICE_CATALOG_FILE
      ? new ReloadableFile({ path: config.NOTIFY_SERVICE_CATALOG_FILE, description: 'service catalog', parse: parseServiceCatalog, logger })
      : null;
    await startNaming(routes, 'NOTIFY_ROUTES_FILE');
    await startNaming(catalog, 'NOTIFY_SERVICE_CATALOG_FILE');
    return new RoutingSource(routes, catalog, routes ? null : (config.NOTIFY_WEBHOOK_URL ?? null));
  }

  table(): RoutingTable {
    return this.routes?.current() ?? EMPTY_ROUTING_TABLE;
  }

  /** Teams owning the incident's services, from the catalog; none without one. */
  teamsOf(tenant: string, services: readonly string[]): string[] {
    const catalog = this.catalog?.current().tenant(tenant);
    if (!catalog) return [];
    return [...new Set(services.flatMap((service) => catalog.services.get(service)?.team ?? []))];
  }

  stop(): void {
    this.routes?.stop();
    this.catalog?.stop();
  }

  onApplicationShutdown(): void {
    this.stop();
  }
}

/** A bad file at start is a setting to correct: one line naming it and the file's line, not a stack trace. */
async function startNaming(file: Pick<ReloadableFile<unknown>, 'start'> | null, key: string): Promise<void> {
  try {
    await file?.start();
  } catch (error) {
    throw new ConfigError([{ key, message: (error as Error).message }]);
  }
}
