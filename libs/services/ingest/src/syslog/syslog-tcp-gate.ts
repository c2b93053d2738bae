import type { Logger } from '@quell/platform-observability';
import { EpisodeLog } from '../episode-log';
import type { SyslogConnection } from './syslog-tcp-connection';
import type { SyslogMetrics } from './syslog.metrics';

/**
 * Why syslog TCP reading is paused: `backlog_full`, INGEST_SYSLOG_MAX_BACKLOG_BYTES wait to be
 * published (Kafka slow or away); `pipeline_full`, a publish is waiting for room on the all-in-one's
 * bounded queue (the stages behind ingest are slower than its input).
 */
export type SyslogHoldReason = 'backlog_full' | 'pipeline_full';

/**
 * Pauses reading on every syslog TCP connection while any reason holds, and resumes once none does.
 * A paused socket stops being read, the kernel's receive buffer and then the sender's TCP window
 * fill, and the sender waits: TCP is the one syslog transport that can push back.
 */
export class SyslogTcpGate {
  private readonly holds = new Set<SyslogHoldReason>();
  /** Pipeline-full pauses come and go with every batch under overload: logged at most every 10 s. */
  private readonly pipelineFullLog: EpisodeLog;

  constructor(
    private readonly connections: () => Iterable<SyslogConnection>,
    private readonly metrics: SyslogMetrics,
    private readonly logger: Logger,
  ) {
    this.pipelineFullLog = new EpisodeLog(logger, 'syslog TCP reading paused while the pipeline is full (senders queue on their side)');
  }

  get paused(): boolean {
    return this.holds.size > 0;
  }

  isHeld(reason: SyslogHoldReason): boolean {
    return this.holds.has(reason);
  }

  hold(reason: SyslogHoldReason, details: object): void {
    if (this.holds.has(reason)) return;
    const wasPaused = this.paused;
    this.holds.add(reason);
    this.metrics.tcpPauses.inc({ reason });
    if (reason === 'pipeline_full') this.pipelineFullLog.note(details);
    else this.logger.warn(details, 'syslog TCP reading paused and UDP datagrams dropped: the raw topic is behind');
    if (wasPaused) return;
    this.metrics.readingPaused.set(1);
    for (const connection of this.connections()) connection.pause();
  }

  /** True when this release resumed reading. */
  release(reason: SyslogHoldReason): boolean {
    if (!this.holds.delete(reason) || this.paused) return false;
    this.metrics.readingPaused.set(0);
    for (const connection of this.connections()) connection.resume();
    return true;
  }
}
