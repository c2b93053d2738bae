import { Counter, Gauge, type Registry } from 'prom-client';
import type { FrameDropReason } from './syslog-framer';

export type SyslogTransport = 'tcp' | 'udp';
export type SyslogDropReason = FrameDropReason | 'datagram_too_long' | 'backlog_full' | 'receive_buffer_full';
export type SyslogCloseReason = 'idle_timeout' | 'frame_too_long';

/**
 * What the syslog receivers took in and what they refused. Syslog senders are never told about a
 * refusal, so these counters (and the matching warnings) are the only trace of it.
 * WARNING: metric names are dashboard inputs; rename only with them.
 */
export class SyslogMetrics {
  readonly messages: Counter<'transport'>;
  readonly framesDropped: Counter<'transport' | 'reason'>;
  readonly connectionsRefused: Counter;
  readonly connectionsClosed: Counter<'reason'>;
  readonly connections: Gauge;
  readonly messagesLost: Counter;
  readonly readingPaused: Gauge;
  readonly tcpPauses: Counter<'reason'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.messages = new Counter({ name: 'quell_syslog_messages_total', help: 'Syslog messages received and queued for the raw topic, per transport.', labelNames: ['transport'], registers });
    this.framesDropped = new Counter({
      name: 'quell_syslog_frames_dropped_total',
      help: 'Syslog frames discarded, per transport and reason: line_too_long, frame_too_long, incomplete_frame (peer closed mid-frame), datagram_too_long, backlog_full (UDP while the raw topic is behind), receive_buffer_full (UDP dropped by the kernel before Quell could read it).',
      labelNames: ['transport', 'reason'],
      registers,
    });
    this.connectionsRefused = new Counter({
      name: 'quell_syslog_connections_refused_total',
      help: 'Syslog TCP connections refused because INGEST_SYSLOG_TCP_MAX_CONNECTIONS were open.',
      registers,
    });
    this.connectionsClosed = new Counter({
      name: 'quell_syslog_connections_closed_total',
      help: 'Syslog TCP connections closed by Quell, per reason: idle_timeout, frame_too_long (octet count over the limit).',
      labelNames: ['reason'],
      registers,
    });
    this.messagesLost = new Counter({
      name: 'quell_syslog_messages_lost_total',
      help: 'Syslog messages received but not published: the raw topic still refused them after the retries (about half a minute).',
      registers,
    });
    this.readingPaused = new Gauge({
      name: 'quell_syslog_tcp_reading_paused',
      help: '1 while syslog TCP reading is paused: INGEST_SYSLOG_MAX_BACKLOG_BYTES wait to be published, or a publish waits for room in the all-in-one (senders queue on their side).',
      registers,
    });
    this.tcpPauses = new Counter({
      name: 'quell_syslog_tcp_pauses_total',
      help: 'Times syslog TCP reading paused, per reason: backlog_full (INGEST_SYSLOG_MAX_BACKLOG_BYTES waiting), pipeline_full (a publish waiting for room in the all-in-one).',
      labelNames: ['reason'],
      registers,
    });
    this.connections = new Gauge({ name: 'quell_syslog_tcp_connections', help: 'Open syslog TCP connections.', registers });
  }
}
