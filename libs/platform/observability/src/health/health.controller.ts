import { Controller, Get, Header, HttpCode, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Logger } from '../logging/create-logger';
import type { PipelineMetrics } from '../metrics/pipeline-metrics';
import { LOGGER, METRICS, OBSERVABILITY_OPTIONS } from '../tokens';
import { HealthRegistry } from './health-registry';
import type { ObservabilityOptions } from '../observability-options';

// Only the part of the HTTP response used here, so the controller works on any Nest adapter.
interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

export const DEFAULT_READINESS_TIMEOUT_MS = 2000;

/** Kubernetes-style probes and the Prometheus scrape endpoint. */
@Controller()
export class HealthController {
  private lastFailed: string | undefined;

  constructor(
    private readonly health: HealthRegistry,
    @Inject(METRICS) private readonly metrics: PipelineMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityOptions,
  ) {}

  /**
   * Liveness: answering is the signal, unless a part registered that it cannot recover (a consumer
   * whose restarts were given up): then 503, so the orchestrator restarts the process. Dependencies
   * that come and go are readiness's business.
   */
  @Get('health/live')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  live(): { status: 'ok' } {
    const report = this.health.liveness();
    if (!report.live) throw new ServiceUnavailableException({ status: 'not_live', failed: report.failed });
    return { status: 'ok' };
  }

  @Get('health/ready')
  @Header('Cache-Control', 'no-store')
  async ready(): Promise<{ status: 'ok'; checks: Record<string, unknown> }> {
    const report = await this.health.evaluate(this.options.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS);
    // Log only when the set of failing checks changes: probes run every few seconds and would
    // flood the log otherwise.
    const failed = report.failed.join(',');
    if (failed !== this.lastFailed) {
      if (report.ready) this.logger.info({ checks: report.checks }, 'ready');
      else this.logger.warn({ failed: report.failed, checks: report.checks }, 'not ready');
      this.lastFailed = failed;
    }
    if (!report.ready) {
      throw new ServiceUnavailableException({ status: 'not_ready', failed: report.failed, checks: report.checks });
    }
    return { status: 'ok', checks: report.checks };
  }

  @Get('metrics')
  async scrape(@Res({ passthrough: true }) res: HeaderSink): Promise<string> {
    res.setHeader('Content-Type', this.metrics.contentType);
    return this.metrics.render();
  }
}
