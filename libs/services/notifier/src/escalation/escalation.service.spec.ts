import { InMemoryDocumentStore } from '@quell/platform-state';
import type { StoredTimer, TimerHandler, TimerRequest, TimerService } from '@quell/platform-timers';
import type { ChannelDelivery } from '../delivery/channel-delivery.service';
import type { DeliveryJob } from '../delivery/delivery-job';
import { ESCALATION_TIMER_KIND, Escalations, type EscalationPlan } from './escalation.service';

/** The timer service's surface Escalations uses, over a map: fires are made by the test. */
class MapTimers {
  readonly timers = new Map<string, TimerRequest>();
  handler?: TimerHandler;
  register(_kind: string, handler: TimerHandler): void {
    this.handler = handler;
  }
  async schedule(request: TimerRequest): Promise<void> {
    this.timers.set(request.key, request);
  }
  async cancel(key: string): Promise<boolean> {
    return this.timers.delete(key);
  }
  async pending(key: string): Promise<StoredTimer | null> {
    const timer = this.timers.get(key);
    return timer ? { tenant: '_', ...timer, fireId: 'f', fires: 1 } : null;
  }
  /** Fires the incident's escalation as the runner would. */
  fire(key: string): Promise<void> {
    const timer = this.timers.get(key)!;
    return this.handler!.fire({ tenant: '_', ...timer, fireId: 'f', fires: 1 });
  }
}

const job = { tenant: 'acme', incidentId: 'inc-1', message: null, origin: {}, value: '' } as unknown as EscalationPlan['job'];
const KEY = 'escalation:acme/inc-1';

describe('Escalations', () => {
  function setup(onEnqueue: (escalations: Escalations) => Promise<void> = async () => undefined) {
    const timers = new MapTimers();
    const enqueued: DeliveryJob[] = [];
    const delivery = {
      enqueue: async (delivered: DeliveryJob) => {
        enqueued.push(delivered);
        await onEnqueue(escalations);
        return 'scheduled';
      },
    } as unknown as ChannelDelivery;
    const escalations: Escalations = new Escalations(timers as unknown as TimerService, delivery, new InMemoryDocumentStore(), { NOTIFY_DELIVERY_LOG_TTL_MS: 3_600_000 });
    return { timers, enqueued, escalations };
  }

  it('steps through the targets, the last one again, each step its own delivery', async () => {
    const { timers, enqueued, escalations } = setup();
    await escalations.start({ job, openedAt: 1_000, afterMs: 60_000, targets: ['lead', 'boss'], incidentVersion: 1 });
    for (let i = 0; i < 3; i++) await timers.fire(KEY);
    expect(enqueued.map((delivery) => [delivery.channel, delivery.transitionKey])).toEqual([
      ['lead', 'inc-1/escalation-0/1000'],
      ['boss', 'inc-1/escalation-1/1000'],
      ['boss', 'inc-1/escalation-2/1000'],
    ]);
    expect(timers.timers.get(KEY)?.kind).toBe(ESCALATION_TIMER_KIND);
  });

  it('stays stopped when the acknowledgement is handled while a step fires (no next step scheduled)', async () => {
    const { timers, enqueued, escalations } = setup((self) => self.cancel('acme', 'inc-1'));
    await escalations.start({ job, openedAt: 1_000, afterMs: 60_000, targets: ['lead'], incidentVersion: 1 });
    await timers.fire(KEY);
    expect(enqueued).toHaveLength(1);
    expect(timers.timers.has(KEY)).toBe(false);
  });

  it('sends no step once stopped, even when a refresh raced the cancel and scheduled one again', async () => {
    const { timers, enqueued, escalations } = setup();
    await escalations.start({ job, openedAt: 1_000, afterMs: 60_000, targets: ['lead'], incidentVersion: 1 });
    const stale = timers.timers.get(KEY)!;
    await escalations.cancel('acme', 'inc-1');
    timers.timers.set(KEY, stale);
    await timers.fire(KEY);
    expect(enqueued).toHaveLength(0);
  });

  it('refreshes a pending step with a later version only', async () => {
    const { timers, escalations } = setup();
    await escalations.start({ job, openedAt: 1_000, afterMs: 60_000, targets: ['lead'], incidentVersion: 2 });
    const dueAt = timers.timers.get(KEY)!.dueAt;
    await escalations.refresh('acme', 'inc-1', 1, async () => ({ ...job, value: 'v1' }));
    expect(JSON.parse(timers.timers.get(KEY)!.payload).job.value).toBe('');
    await escalations.refresh('acme', 'inc-1', 3, async () => ({ ...job, value: 'v3' }));
    expect(JSON.parse(timers.timers.get(KEY)!.payload)).toMatchObject({ incidentVersion: 3, job: { value: 'v3' }, step: 0 });
    expect(timers.timers.get(KEY)!.dueAt).toBe(dueAt);
  });
});
