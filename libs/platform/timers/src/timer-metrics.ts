import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { TimerObserver } from './timer-service';
import type { TimerStore } from './timer-store.port';

/**
 * The timers' metrics on a service's registry. A rising refired count means replicas die with
 * timers in hand (or handlers outlive their lease); exhausted ones were dead-lettered.
 * WARNING: metric names are dashboard inputs; rename only with them.
 */
export function timerMetrics(registry: Registry, store: TimerStore): TimerObserver {
  const registers = [registry];
  const fired = new Counter({ name: 'quell_timers_fired_total', help: 'Timers handed to their handler, per kind.', labelNames: ['kind'], registers });
  const refired = new Counter({
    name: 'quell_timers_refired_total',
    help: 'Fires of a timer already fired before without an ack (its lease ran out, or its handler failed), per kind.',
    labelNames: ['kind'],
    registers,
  });
  const failed = new Counter({ name: 'quell_timers_failed_total', help: 'Handler failures (the timer fires again after a backoff), per kind.', labelNames: ['kind'], registers });
  const exhausted = new Counter({ name: 'quell_timers_exhausted_total', help: 'Timers given to their kind as exhausted (fired too often without an ack), per kind.', labelNames: ['kind'], registers });
  const lateness = new Histogram({
    name: 'quell_timer_lateness_seconds',
    help: 'How long after its due time a timer was handed to its handler, per kind.',
    labelNames: ['kind'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers,
  });
  new Gauge({
    name: 'quell_timers_pending',
    help: 'Timers held in the store (pending and in hand), read at scrape time.',
    registers,
    async collect() {
      this.set(await store.size());
    },
  });
  return {
    fired: (timer, lateMs) => {
      fired.inc({ kind: timer.kind });
      if (timer.fires > 1) refired.inc({ kind: timer.kind });
      lateness.observe({ kind: timer.kind }, Math.max(0, lateMs) / 1000);
    },
    failed: (timer) => failed.inc({ kind: timer.kind }),
    exhausted: (timer) => exhausted.inc({ kind: timer.kind }),
  };
}
