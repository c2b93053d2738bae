import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { Logger } from '../logging/create-logger';
import type { PipelineMetrics } from '../metrics/pipeline-metrics';
import { LOGGER, METRICS, OBSERVABILITY_OPTIONS } from '../tokens';
import { HealthRegistry } from './health-registry';
import type { ObservabilityOptions } from '../observability-options';

// Only the part of the HTTP response used here, so the controller works on any Nest adapter.
interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

/**
 * A failing probe is an answer, not an error: its 503 is set here rather than thrown, so that its
 * body (what failed) is not rewritten by the app's error filter (problem+json in a service app).
 */
interface StatusSink {
  statusCode: number;
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
  @Header('Cache-Control', 'no-store')
  live(@Res({ passthrough: true }) res: StatusSink): { status: 'ok' } | { status: 'not_live'; failed: string[] } {
    const report = this.health.liveness();
    if (report.live) return { status: 'ok' };
    res.statusCode = 503;
    return { status: 'not_live', failed: report.failed };
  }

  @Get('health/ready')
  @Header('Cache-Control', 'no-store')
  async ready(@Res({ passthrough: true }) res: StatusSink): Promise<{ status: 'ok' | 'not_ready'; failed?: string[]; checks: Record<string, unknown> }> {
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
      res.statusCode = 503;
      return { status: 'not_ready', failed: report.failed, checks: report.checks };
    }
    return { status: 'ok', checks: report.checks };
  }

  @Get('metrics')
  async scrape(@Res({ passthrough: true }) res: HeaderSink): Promise<string> {
    res.setHeader('Content-Type', this.metrics.contentType);
    return this.metrics.render();
  }
}
