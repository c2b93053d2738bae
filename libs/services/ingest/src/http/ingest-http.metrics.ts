import { Counter, type Registry } from 'prom-client';

/**
 * What HTTP ingest refused because the pipeline behind it was full (the 503s a client sees).
 * WARNING: metric names are dashboard inputs; rename only with them.
 */
export class IngestHttpMetrics {
  readonly saturatedRequests: Counter;
  readonly saturatedEvents: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.saturatedRequests = new Counter({
      name: 'quell_ingest_backpressure_total',
      help: 'HTTP requests answered 503 with Retry-After because the pipeline was full for INGEST_BACKPRESSURE_WAIT_MS (nothing of them stored).',
      registers,
    });
    this.saturatedEvents = new Counter({
      name: 'quell_ingest_backpressure_events_total',
      help: 'Events in the HTTP requests refused because the pipeline was full (the client is asked to send them again).',
      registers,
    });
  }
}
