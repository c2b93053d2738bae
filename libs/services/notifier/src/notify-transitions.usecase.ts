import { Inject, Injectable } from '@nestjs/common';
import type { AvroCodec, Incident } from '@quell/contracts';
import { INCIDENT_LIMITS } from '@quell/incidents';
import { escalationDueAt, notificationKey, notificationMessage, routeTransition, ruleCreditsOf, transitionsOf, webhookPayload, type NotificationMessage, type RuleCredit, type TransitionEvent } from '@quell/notify';
import { INCIDENT_HISTORY, type IncidentHistory } from '@quell/platform-incident-history';
import type { InboundRecord } from '@quell/platform-kafka';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { CODEC, SERVICE_CONFIG } from '@quell/platform-service-kit';
import { DOCUMENT_STORE, StaleVersionError, type DocumentRef, type DocumentStore } from '@quell/platform-state';
import type { NotifierConfig } from './config';
import { ChannelDelivery } from './delivery/channel-delivery.service';
import { deliveryKey, type DeliveryJob } from './delivery/delivery-job';
import { DeliveryRecorder } from './delivery/delivery-recorder';
import { Escalations } from './escalation/escalation.service';
import { LEGACY_WEBHOOK_CHANNEL, RoutingSource } from './routing/routing-source';
import { KnownRuleCredits } from './rule-credits/known-rule-credits';

/**
 * Turns one incident version into deliveries: each notifying transition it holds that was not routed
 * before (a document per transition key) is routed by the table in force and each delivery stored
 * as a durable timer; only then is the transition marked routed. A replayed or re-delivered version,
 * a second replica or a restart finds the mark (or the pending timers) and sends nothing again.
 */
@Injectable()
export class NotifyTransitions {
  private readonly credits = new KnownRuleCredits();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: NotifierConfig,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(INCIDENT_HISTORY) private readonly history: IncidentHistory | null,
    private readonly routing: RoutingSource,
    private readonly delivery: ChannelDelivery,
    private readonly escalations: Escalations,
    private readonly recorder: DeliveryRecorder,
  ) {}

  async execute(record: InboundRecord<Incident>): Promise<void> {
    const incident = record.value;
    const events = transitionsOf(incident);
    const routed = events.length > 0 ? await this.documents.getMany(events.map(routedRef)) : [];
    for (const [index, event] of events.entries()) {
      if (routed[index]) continue;
      if (Date.now() - event.at > this.config.NOTIFY_MAX_TRANSITION_AGE_MS) this.logger.info({ incidentId: incident.id, transition: event.transition, at: new Date(event.at).toISOString() }, 'transition too old to notify (NOTIFY_MAX_TRANSITION_AGE_MS)');
      else await this.route(record, event);
      await this.documents.put(routedRef(event), { at: Date.now() }, { ifVersion: 0, ttlMs: this.config.NOTIFY_DELIVERY_LOG_TTL_MS }).catch((error: unknown) => {
        // Another replica routed it too: its deliveries and these share keys, so each is sent once.
        if (!(error instanceof StaleVersionError)) throw error;
      });
    }
    // Acknowledged, resolved or closed: nobody needs paging any more.
    if (incident.status !== 'open') await this.escalations.cancel(incident.tenant, incident.id);
    // Still open: a pending escalation tells of this version (its message is built only if one is pending).
    else if (this.routing.legacyWebhookUrl === null) await this.escalations.refresh(incident.tenant, incident.id, incident.version, async () => ({ ...this.jobBase(record), message: await this.messageOf(incident, { transition: 'escalated' }) }));
  }

  private async route(record: InboundRecord<Incident>, event: TransitionEvent): Promise<void> {
    const incident = record.value;
    const base = this.jobBase(record);
    if (this.routing.legacyWebhookUrl !== null) {
      if (event.transition !== 'opened') return;
      const legacy = { url: this.routing.legacyWebhookUrl, body: webhookPayload(incident, 'incident.opened'), idempotencyKey: notificationKey(incident, 'incident.opened') };
      // Delivered by the notifier before routing files (its log document under that key).
      if (await this.documents.get({ tenant: incident.tenant, key: `delivery:${legacy.idempotencyKey}` })) return;
      await this.delivery.enqueue({ ...base, ...this.keys(event, LEGACY_WEBHOOK_CHANNEL), message: null, legacy }, Date.now());
      return;
    }
    const now = Date.now();
    const decision = routeTransition(this.routing.table(), { incident, transition: event.transition, teams: this.routing.teamsOf(incident.tenant, incident.services), now });
    const message = { ...(await this.messageOf(incident, event)), transitionKey: event.key };
    for (const delivery of decision.deliveries) {
      await this.delivery.enqueue({ ...base, ...this.keys(event, delivery.channel), message }, delivery.notBefore ?? now);
      if (delivery.notBefore !== null) this.record(event, delivery.channel, 'deferred', `quiet hours until ${new Date(delivery.notBefore).toISOString()}`);
    }
    for (const held of decision.suppressed) this.record(event, held.channel, 'suppressed', `quiet hours (route ${held.route})`);
    if (decision.deliveries.length === 0 && decision.suppressed.length === 0) this.logger.debug({ incidentId: incident.id, transition: event.transition }, 'no route matches the transition');
    const escalationAt = escalationDueAt(decision, now);
    if (event.transition === 'opened' && decision.escalation && escalationAt !== null && incident.status === 'open') {
      const { afterMs, targets } = decision.escalation;
      await this.escalations.start({ job: { ...base, message }, openedAt: event.at, afterMs, targets, incidentVersion: incident.version }, escalationAt);
    }
  }

  private async messageOf(incident: Incident, event: Pick<TransitionEvent, 'transition'>): Promise<NotificationMessage> {
    return notificationMessage({ incident, transition: event.transition, rules: await this.rulesOf(incident), incidentUrlTemplate: this.config.NOTIFY_INCIDENT_URL_TEMPLATE });
  }

  /**
   * Each rule with its title and author (the SigmaHQ licence requires the credit), from the alerts
   * the incident history holds: a rule credited lately is taken from memory, the others are read as
   * any stored alert of theirs names them, this incident's or another's. A rule with no alert stored
   * yet (or without ClickHouse) is named by its id, its author "not given".
   */
  private async rulesOf(incident: Incident): Promise<RuleCredit[]> {
    const { tenant, ruleIds } = incident;
    // An incident that names no rules (an older producer's) or as many as it holds may have more: its alerts say.
    if (ruleIds.length === 0 || ruleIds.length >= INCIDENT_LIMITS.ruleIds) {
      const read = ruleCreditsOf(await this.fromHistory(incident, (history) => history.alertsOfIncident(tenant, incident.id)));
      this.credits.remember(tenant, read);
      const credited = new Map(read.map((rule) => [rule.id, rule]));
      return [...credited.values(), ...ruleIds.filter((id) => !credited.has(id)).map(namedOnly)];
    }
    const credited = new Map(this.credits.find(tenant, ruleIds).map((rule) => [rule.id, rule]));
    const unknown = ruleIds.filter((id) => !credited.has(id));
    if (unknown.length > 0) {
      const read = await this.fromHistory(incident, (history) => history.ruleCredits(tenant, unknown, Date.now() - RULE_CREDIT_LOOKBACK_MS));
      this.credits.remember(tenant, read);
      for (const rule of read) credited.set(rule.id, rule);
    }
    return ruleIds.map((id) => credited.get(id) ?? namedOnly(id));
  }

  private async fromHistory<T>(incident: Incident, read: (history: IncidentHistory) => Promise<T[]>): Promise<T[]> {
    if (!this.history) return [];
    return read(this.history).catch((error: unknown) => {
      this.logger.warn({ err: error, incidentId: incident.id }, 'rule credits: incident history unavailable, rule ids only');
      return [];
    });
  }

  private keys(event: TransitionEvent, channel: string): Pick<DeliveryJob, 'key' | 'channel' | 'transition' | 'transitionKey' | 'attempt'> {
    return { key: deliveryKey(event.key, channel), channel, transition: event.transition, transitionKey: event.key, attempt: 1 };
  }

  private jobBase(record: InboundRecord<Incident>): Pick<DeliveryJob, 'tenant' | 'incidentId' | 'origin' | 'value'> {
    const { topic, partition, offset, key, headers, timestamp } = record;
    return {
      tenant: record.value.tenant,
      incidentId: record.value.id,
      origin: { topic, partition, offset, key, headers, timestamp },
      value: this.codec.encode('Incident', record.value).toString('base64'),
    };
  }

  private record(event: TransitionEvent, channel: string, status: 'deferred' | 'suppressed', error: string): void {
    this.recorder.record({ tenant: event.tenant, incidentId: event.incidentId, transition: event.transition, transitionKey: event.key, channel, attempt: 0, status, httpStatus: null, error, at: Date.now() });
  }
}

/** How far back a rule's alerts are looked for: its credit is in any of them, and older partitions are not read. */
const RULE_CREDIT_LOOKBACK_MS = 7 * 86_400_000;

/** A rule no stored alert credits yet. */
function namedOnly(id: string): RuleCredit {
  return { id, title: id, author: null };
}

/** WARNING: durable; marks a transition routed. Changing it routes every remembered transition again on a replay. */
function routedRef(event: TransitionEvent): DocumentRef {
  return { tenant: event.tenant, key: `transition:${event.key}` };
}
