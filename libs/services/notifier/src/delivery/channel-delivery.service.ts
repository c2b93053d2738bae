import { Inject, Injectable } from '@nestjs/common';
import type { TicketReference, Topics } from '@quell/contracts';
import { askedWaitMs, retryDelay, type RetrySchedule } from '@quell/notify';
import { deadLetterFor, EVENT_BUS, type EventBus } from '@quell/platform-kafka';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { REDIS, type RedisClient } from '@quell/platform-redis';
import { SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import { DOCUMENT_STORE, StaleVersionError, type DocumentRef, type DocumentStore, type StoredDocument } from '@quell/platform-state';
import { TimerService, type StoredTimer } from '@quell/platform-timers';
import type { NotifierConfig } from '../config';
import { escalationStoppedRef } from '../escalation/escalation-stopped';
import { RoutingSource } from '../routing/routing-source';
import { ChannelRateLimits } from './channel-rate-limits';
import { ChannelSend } from './channel-send';
import { DeliveryRecorder } from './delivery-recorder';
import type { DeliveryJob } from './delivery-job';
import type { DeliveryAttempt } from '@quell/platform-delivery-log';
import { OutcomePublisher, type OutcomeFacts } from './outcome-publisher';

/** WARNING: durable; the timer kind of deliveries. Renaming it strands pending ones. */
export const DELIVERY_TIMER_KIND = 'notifier.delivery';

/** WARNING: durable; what the delivery log document of one delivery holds. */
type DeliveryState =
  | { state: 'sending'; until: number; attempt: number }
  | { state: 'waiting'; attempt: number }
  | { state: 'sent' | 'failed'; facts: OutcomeFacts; published: boolean }
  | { state: 'superseded'; reason: string };

/**
 * Channels where a send after the resolution changes the provider's state: a PagerDuty trigger or an
 * Opsgenie create for a resolved dedup key or alias opens a new incident and pages someone again.
 */
const RESOLUTION_ORDERED = new Set(['pagerduty', 'opsgenie']);

/** Thrown while another replica holds the send: the timer fires again after a backoff, no attempt spent. */
class DeliveryInProgressError extends Error {}

/**
 * Delivers one transition to one channel at least once and, in effect, once. Every delivery is a
 * durable timer (due now, or when quiet hours end): the incident record is committed once the
 * timers are stored, and a slow, rate-limited or failing channel holds nothing else up. Before a
 * send the delivery log document is claimed (a lease: a second replica or a refire waits); after it
 * the outcome is written there first, then published, so a replay or a refire sends nothing again.
 * Retries follow NOTIFY_RETRY_DELAYS_MS with jitter, longer when the channel's Retry-After asks; a
 * channel that asks to wait (429, Retry-After) is waited for without spending an attempt, up to
 * NOTIFY_RATE_LIMITED_DEADLINE_MS after it first asked; after the last, or at once on another 4xx, the incident goes to the dead-letter topic with the
 * reason and a failed outcome is published.
 */
@Injectable()
export class ChannelDelivery {
  private readonly schedule: RetrySchedule;
  private readonly rateLimits: ChannelRateLimits;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: NotifierConfig,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(REDIS) redis: RedisClient | null,
    private readonly timers: TimerService,
    private readonly routing: RoutingSource,
    private readonly channels: ChannelSend,
    private readonly outcomes: OutcomePublisher,
    private readonly recorder: DeliveryRecorder,
  ) {
    this.schedule = { delaysMs: config.NOTIFY_RETRY_DELAYS_MS, jitter: config.NOTIFY_RETRY_JITTER, maxRetryAfterMs: config.NOTIFY_MAX_RETRY_AFTER_MS };
    // WARNING: durable (Redis key prefix of the channels' rate counters).
    this.rateLimits = new ChannelRateLimits(redis, `${config.KAFKA_GROUP_PREFIX}.notifier:rate:`);
    timers.register(DELIVERY_TIMER_KIND, {
      fire: (timer) => this.fire(timer),
      exhausted: (timer) => this.giveUp(parseJob(timer), { status: null, reason: `delivery fired ${timer.fires} times without finishing (the process died or hung)` }),
    });
  }

  /** Stores the delivery's timer, unless it is logged as done or already pending (a replay). */
  async enqueue(job: DeliveryJob, dueAt: number): Promise<'scheduled' | 'known'> {
    const [logged, pending] = await Promise.all([this.documents.get<DeliveryState>(refOf(job)), this.timers.pending(timerKey(job))]);
    if (logged || pending) return 'known';
    await this.timers.schedule({ key: timerKey(job), tenant: job.tenant, kind: DELIVERY_TIMER_KIND, dueAt, payload: JSON.stringify(job) });
    return 'scheduled';
  }

  private async fire(timer: StoredTimer): Promise<void> {
    const job = parseJob(timer);
    const logged = await this.documents.get<DeliveryState>(refOf(job));
    const state = logged?.value;
    if (state && (state.state === 'sent' || state.state === 'failed')) {
      if (!state.published) await this.finish(job, logged.version, state.facts);
      return;
    }
    if (state?.state === 'superseded') return;
    if (state?.state === 'sending' && state.until > Date.now()) throw new DeliveryInProgressError(`delivery ${job.key} is being sent elsewhere`);
    const superseded = await this.supersededBecause(job);
    if (superseded) return this.supersede(job, logged?.version ?? 0, superseded);
    // Waiting for the incident's ticket is checked first: it spends neither an attempt nor the rate limit.
    const ticketWait = await this.channels.ticketBusyMs(job);
    if (ticketWait > 0) return this.reschedule(job, Date.now() + ticketWait);
    const channel = this.routing.table().channels.get(job.channel);
    const wait = await this.rateLimits.waitMs(job.channel, channel?.rateLimit ?? null);
    if (wait > 0) {
      this.record(job, 'rate_limited', null, `rate limit of ${job.channel}: next send in ${wait} ms`);
      return this.reschedule(job, Date.now() + wait);
    }
    const claimed = await this.claim(job, logged);
    const outcome = await this.channels.send(job);
    if ('busyMs' in outcome) {
      // Not an attempt: the lease is handed back and the send waits for the incident's ticket.
      await this.documents.put<DeliveryState>(refOf(job), { state: 'waiting', attempt: job.attempt }, { ifVersion: claimed, ttlMs: this.config.NOTIFY_DELIVERY_LOG_TTL_MS });
      return this.reschedule(job, Date.now() + outcome.busyMs);
    }
    if (outcome.ok) {
      this.record(job, 'sent', outcome.status, null);
      return this.conclude(job, claimed, 'sent', outcome.status, null, outcome.ticket ?? null);
    }
    const since = job.askedToWaitSince ?? Date.now();
    const asked = askedWaitMs(this.schedule, outcome, Date.now() - since, this.config.NOTIFY_RATE_LIMITED_DEADLINE_MS);
    if (asked !== null) {
      // Not an attempt: the channel said to wait; the same attempt goes again then.
      this.record(job, 'rate_limited', outcome.status, `${outcome.reason}: asked to wait ${asked} ms`);
      await this.documents.put<DeliveryState>(refOf(job), { state: 'waiting', attempt: job.attempt }, { ifVersion: claimed, ttlMs: this.config.NOTIFY_DELIVERY_LOG_TTL_MS });
      return this.reschedule({ ...job, askedToWaitSince: since }, Date.now() + asked);
    }
    const delay = outcome.retriable ? retryDelay(this.schedule, job.attempt, outcome.retryAfterMs) : null;
    if (delay === null) return this.giveUp(job, outcome, claimed);
    this.record(job, 'retry', outcome.status, outcome.reason);
    await this.documents.put<DeliveryState>(refOf(job), { state: 'waiting', attempt: job.attempt + 1 }, { ifVersion: claimed, ttlMs: this.config.NOTIFY_DELIVERY_LOG_TTL_MS });
    this.logger.warn({ incidentId: job.incidentId, channel: job.channel, attempt: job.attempt, reason: outcome.reason, retryInMs: delay }, 'notification failed, retry scheduled');
    await this.reschedule({ ...job, attempt: job.attempt + 1 }, Date.now() + delay);
  }

  /**
   * Why the send is no longer wanted, or null: an escalation step (or its retry) for an incident
   * acknowledged or resolved since; a transition that a retry or quiet hours held back until after
   * the incident's resolution was sent on a resolution-ordered channel (it would reopen it there).
   */
  private async supersededBecause(job: DeliveryJob): Promise<string | null> {
    if (job.transition === 'escalated' && (await this.documents.get(escalationStoppedRef(job.tenant, job.incidentId)))) {
      return 'not sent: the incident was acknowledged or resolved before the escalation went out';
    }
    if (job.transition === 'resolved' || !this.resolutionOrdered(job)) return null;
    const resolved = await this.documents.get<{ at: number }>(resolvedRef(job));
    return resolved !== null && resolved.value.at >= transitionAt(job) ? `not sent: the incident's resolution went to ${job.channel} first` : null;
  }

  private async supersede(job: DeliveryJob, version: number, reason: string): Promise<void> {
    this.record(job, 'suppressed', null, reason);
    this.logger.info({ incidentId: job.incidentId, transition: job.transition, channel: job.channel }, reason);
    await this.documents.put<DeliveryState>(refOf(job), { state: 'superseded', reason }, { ifVersion: version, ttlMs: this.config.NOTIFY_DELIVERY_LOG_TTL_MS });
  }

  private resolutionOrdered(job: DeliveryJob): boolean {
    const type = this.routing.table().channels.get(job.channel)?.type;
    return !job.legacy && type !== undefined && RESOLUTION_ORDERED.has(type);
  }

  /** The lease on the send; a replica that claimed it first wins and this fire waits. */
  private async claim(job: DeliveryJob, logged: StoredDocument<DeliveryState> | null): Promise<number> {
    const lease: DeliveryState = { state: 'sending', until: Date.now() + this.config.NOTIFY_TIMEOUT_MS + 5_000, attempt: job.attempt };
    try {
      return await this.documents.put(refOf(job), lease, { ifVersion: logged?.version ?? 0, ttlMs: this.config.NOTIFY_DELIVERY_LOG_TTL_MS });
    } catch (error) {
      if (error instanceof StaleVersionError) throw new DeliveryInProgressError(`delivery ${job.key} was claimed elsewhere`);
      throw error;
    }
  }

  private async giveUp(job: DeliveryJob, failure: { status: number | null; reason: string }, claimed?: number): Promise<void> {
    this.record(job, 'failed', failure.status, failure.reason);
    const origin = { ...job.origin, value: Buffer.from(job.value, 'base64') };
    const error = Object.assign(new Error(failure.reason), { retriable: false });
    await this.bus.publish([deadLetterFor(origin, { error, attempts: job.attempt, stage: 'handle', groupId: `${this.config.KAFKA_GROUP_PREFIX}.notifier` }, this.topics.deadLetters)]);
    this.logger.error({ incidentId: job.incidentId, channel: job.channel, attempts: job.attempt, reason: failure.reason }, 'notification given up: incident sent to the dead-letter topic');
    const version = claimed ?? (await this.documents.get(refOf(job)))?.version ?? 0;
    await this.conclude(job, version, 'failed', failure.status, failure.reason);
  }

  /** The outcome is logged before it is published: a crash between them publishes it on the refire, never sends again. */
  private async conclude(job: DeliveryJob, version: number, status: 'sent' | 'failed', httpStatus: number | null, error: string | null, ticket: TicketReference | null = null): Promise<void> {
    const channelType = job.legacy ? 'legacy-webhook' : (this.routing.table().channels.get(job.channel)?.type ?? 'webhook');
    const facts: OutcomeFacts = { status, channelType, attempts: job.attempt, httpStatus, error, ticket, at: Date.now() };
    const logged = await this.documents.put<DeliveryState>(refOf(job), { state: status, facts, published: false }, { ifVersion: version, ttlMs: this.config.NOTIFY_DELIVERY_LOG_TTL_MS });
    if (status === 'sent' && job.transition === 'resolved' && this.resolutionOrdered(job)) {
      await this.documents.put(resolvedRef(job), { at: transitionAt(job) }, { ttlMs: this.config.NOTIFY_DELIVERY_LOG_TTL_MS });
    }
    await this.finish(job, logged, facts);
    this.logger.info({ incidentId: job.incidentId, transition: job.transition, channel: job.channel, status, attempt: job.attempt }, `notification ${status}`);
  }

  private async finish(job: DeliveryJob, version: number, facts: OutcomeFacts): Promise<void> {
    await this.outcomes.publish(job, facts);
    await this.documents.put<DeliveryState>(refOf(job), { state: facts.status, facts, published: true }, { ifVersion: version, ttlMs: this.config.NOTIFY_DELIVERY_LOG_TTL_MS });
  }

  private reschedule(job: DeliveryJob, dueAt: number): Promise<void> {
    // Scheduling the fired key again replaces it: the runner's ack of this fire keeps the new one.
    return this.timers.schedule({ key: timerKey(job), tenant: job.tenant, kind: DELIVERY_TIMER_KIND, dueAt, payload: JSON.stringify(job) });
  }

  private record(job: DeliveryJob, status: DeliveryAttempt['status'], httpStatus: number | null, error: string | null): void {
    this.recorder.record({ tenant: job.tenant, incidentId: job.incidentId, transition: job.transition, transitionKey: job.transitionKey, channel: job.channel, attempt: job.attempt, status, httpStatus, error, at: Date.now() });
  }
}

function parseJob(timer: StoredTimer): DeliveryJob {
  return JSON.parse(timer.payload) as DeliveryJob;
}

/** WARNING: durable; the delivery log document of a delivery. Changing it sends logged deliveries again on a replay. */
function refOf(job: DeliveryJob): DocumentRef {
  return { tenant: job.tenant, key: `delivery:${job.key}` };
}

/** WARNING: durable; when the incident's resolution was sent on a resolution-ordered channel. */
function resolvedRef(job: DeliveryJob): DocumentRef {
  return { tenant: job.tenant, key: `resolved:${job.incidentId}|${job.channel}` };
}

/** The timeline time of the job's transition: the last part of its key (an escalation's: the opening's). */
function transitionAt(job: DeliveryJob): number {
  return Number(job.transitionKey.slice(job.transitionKey.lastIndexOf('/') + 1));
}

/** WARNING: durable; the timer key of a delivery. */
function timerKey(job: DeliveryJob): string {
  return `delivery:${job.key}`;
}
