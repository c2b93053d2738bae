import { Inject, Injectable } from '@nestjs/common';
import { transitionKey, type NotificationMessage } from '@quell/notify';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import { DOCUMENT_STORE, type DocumentStore } from '@quell/platform-state';
import { TimerService, type StoredTimer } from '@quell/platform-timers';
import { deliveryKey, type DeliveryJob } from '../delivery/delivery-job';
import { ChannelDelivery } from '../delivery/channel-delivery.service';
import type { NotifierConfig } from '../config';
import { escalationStoppedRef } from './escalation-stopped';

/** WARNING: durable; the timer kind of escalations. Renaming it strands pending ones. */
export const ESCALATION_TIMER_KIND = 'notifier.escalation';

/** WARNING: durable (a pending escalation timer's payload). */
export interface EscalationPlan {
  /** The opening's delivery template: incident, origin and message; the channel is the step's target. */
  job: Omit<DeliveryJob, 'key' | 'channel' | 'transition' | 'transitionKey' | 'attempt'>;
  openedAt: number;
  afterMs: number;
  targets: string[];
  /** The step this timer makes (0 = the first target). */
  step: number;
  /** The incident version `job` was taken from: a later open version refreshes it, an older (replayed) one does not. */
  incidentVersion?: number;
}

/**
 * Escalation of an unacknowledged incident: N minutes after it opened, the route's first target is
 * notified (transition `escalated`), then the next every N minutes, the last one again once the list
 * ends, until the incident is acknowledged or resolved (which cancels the timer; the notifier reads
 * that version before anything else about the incident). One durable timer per incident: a restart
 * or another replica takes it over; each step's delivery key is fixed, so a refire sends it once.
 */
@Injectable()
export class Escalations {
  constructor(
    private readonly timers: TimerService,
    private readonly delivery: ChannelDelivery,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<NotifierConfig, 'NOTIFY_DELIVERY_LOG_TTL_MS'>,
  ) {
    timers.register(ESCALATION_TIMER_KIND, {
      fire: (timer) => this.fire(timer),
      // Keeps paging people is worth more than a clean stop: a hung step is retried by the next one.
      exhausted: (timer) => this.next(JSON.parse(timer.payload) as EscalationPlan),
    });
  }

  /** The first step at `dueAt` (escalationDueAt: after the opening's delivery, quiet hours included). */
  start(plan: Omit<EscalationPlan, 'step'>, dueAt = Date.now() + plan.afterMs): Promise<void> {
    return this.schedule({ ...plan, step: 0 }, dueAt);
  }

  /**
   * Gives a pending escalation the incident's latest state, so a step tells of the priority, alerts
   * and entities it has now rather than those of its opening. Nothing without a pending escalation.
   */
  async refresh(tenant: string, incidentId: string, incidentVersion: number, jobNow: () => Promise<EscalationPlan['job']>): Promise<void> {
    const timer = await this.timers.pending(escalationKey(tenant, incidentId));
    if (!timer) return;
    const plan = JSON.parse(timer.payload) as EscalationPlan;
    if ((plan.incidentVersion ?? 0) >= incidentVersion) return;
    await this.schedule({ ...plan, job: await jobNow(), incidentVersion }, timer.dueAt);
  }

  /**
   * Stops the incident's escalation for good. The mark comes first: a step firing meanwhile sees it
   * before scheduling the next one, or schedules it before this cancel removes it.
   */
  async cancel(tenant: string, incidentId: string): Promise<void> {
    await this.documents.put(escalationStoppedRef(tenant, incidentId), { at: Date.now() }, { ttlMs: this.config.NOTIFY_DELIVERY_LOG_TTL_MS });
    await this.timers.cancel(escalationKey(tenant, incidentId));
  }

  private async fire(timer: StoredTimer): Promise<void> {
    const plan = JSON.parse(timer.payload) as EscalationPlan;
    if (await this.stopped(plan)) return;
    const channel = plan.targets[Math.min(plan.step, plan.targets.length - 1)];
    const key = transitionKey(plan.job.incidentId, `escalation-${plan.step}`, plan.openedAt);
    const message: NotificationMessage | null = plan.job.message ? { ...plan.job.message, transition: 'escalated', transitionKey: key } : null;
    await this.delivery.enqueue({ ...plan.job, message, key: deliveryKey(key, channel), channel, transition: 'escalated', transitionKey: key, attempt: 1 }, Date.now());
    await this.next(plan);
  }

  private async next(plan: EscalationPlan): Promise<void> {
    await this.schedule({ ...plan, step: plan.step + 1 }, Date.now() + plan.afterMs);
    // Acknowledged while this step fired: the cancel may have come before this schedule.
    if (await this.stopped(plan)) await this.timers.cancel(escalationKey(plan.job.tenant, plan.job.incidentId));
  }

  private async stopped(plan: EscalationPlan): Promise<boolean> {
    return (await this.documents.get(escalationStoppedRef(plan.job.tenant, plan.job.incidentId))) !== null;
  }

  private schedule(plan: EscalationPlan, dueAt: number): Promise<void> {
    return this.timers.schedule({ key: escalationKey(plan.job.tenant, plan.job.incidentId), tenant: plan.job.tenant, kind: ESCALATION_TIMER_KIND, dueAt, payload: JSON.stringify(plan) });
  }
}

/** WARNING: durable; the one escalation timer of an incident. */
function escalationKey(tenant: string, incidentId: string): string {
  return `escalation:${tenant}/${incidentId}`;
}
