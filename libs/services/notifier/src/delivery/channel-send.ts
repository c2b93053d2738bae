import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { AvroCodec, TicketReference } from '@quell/contracts';
import {
  emailRequest,
  JIRA_PROVIDER,
  parseJiraCreateResponse,
  parseServiceNowCreateResponse,
  SERVICENOW_PROVIDER,
  SmtpEmailSender,
  type ChannelDefinition,
  type ChannelRequest,
  type NotificationMessage,
  type SendOutcome,
} from '@quell/notify';
import { CODEC, SERVICE_CONFIG } from '@quell/platform-service-kit';
import { DOCUMENT_STORE, StaleVersionError, type DocumentRef, type DocumentStore, type StoredDocument } from '@quell/platform-state';
import type { NotifierConfig } from '../config';
import { RoutingSource } from '../routing/routing-source';
import { channelRequestFor, type HttpChannel } from './channel-request-for';
import { sendChannelRequest } from './channel-sender';
import type { DeliveryJob } from './delivery-job';

/** `busyMs`: another delivery of the incident is creating its ticket; send again after that long (no attempt spent). */
export type SendResult = (SendOutcome & { ticket?: TicketReference }) | { ok: false; busyMs: number };

/** WARNING: durable; the ticket of an incident on a channel, or the delivery creating it (a lease). */
interface TicketDocument {
  ref?: string;
  creating?: { key: string; until: number };
}

/** How soon a delivery waiting for another's ticket creation looks again. */
const TICKET_WAIT_MS = 500;

const TICKET_PROVIDER: Partial<Record<ChannelDefinition['type'], string>> = { jira: JIRA_PROVIDER, servicenow: SERVICENOW_PROVIDER };

/**
 * One send of a delivery on its channel as the routing file defines it now: HTTP channels with the
 * request exactly as built, e-mail over SMTP (one pooled sender per channel), and ticketing channels
 * with the ticket this channel created for the incident (created on the first send, then updated).
 * Never throws: every failure is a SendOutcome saying whether retrying can help.
 */
@Injectable()
export class ChannelSend implements OnApplicationShutdown {
  private readonly smtp = new Map<string, { settings: string; sender: SmtpEmailSender }>();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: NotifierConfig,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CODEC) private readonly codec: AvroCodec,
    private readonly routing: RoutingSource,
  ) {}

  async send(job: DeliveryJob): Promise<SendResult> {
    const idempotency = { 'Idempotency-Key': job.legacy?.idempotencyKey ?? job.key };
    if (job.legacy) {
      const request: ChannelRequest = { method: 'POST', url: job.legacy.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(job.legacy.body) };
      return sendChannelRequest(job.channel, request, this.config.NOTIFY_TIMEOUT_MS, idempotency);
    }
    const channel = this.routing.table().channels.get(job.channel);
    if (!channel || !job.message) return refused(`channel ${job.channel} is no longer in the routing file`);
    try {
      if (channel.type === 'email') return await this.email(channel, job.message);
      return await this.http(channel, job, job.message, idempotency);
    } catch (error) {
      // A builder refusing the channel's settings or the message: the same again cannot succeed.
      return refused(`${job.channel}: ${(error as Error).message}`);
    }
  }

  /** How long to wait before sending while another delivery of the incident creates its ticket on this channel; 0: now. */
  async ticketBusyMs(job: DeliveryJob): Promise<number> {
    const channel = this.routing.table().channels.get(job.channel);
    if (job.legacy || !channel || !TICKET_PROVIDER[channel.type]) return 0;
    const holder = (await this.documents.get<TicketDocument>(ticketRef(job)))?.value.creating;
    return holder && holder.key !== job.key && holder.until > Date.now() ? TICKET_WAIT_MS : 0;
  }

  onApplicationShutdown(): void {
    for (const { sender } of this.smtp.values()) sender.close();
  }

  private async http(channel: HttpChannel, job: DeliveryJob, message: NotificationMessage, headers: Record<string, string>): Promise<SendResult> {
    const provider = TICKET_PROVIDER[channel.type];
    const send = (ticket?: string) => sendChannelRequest(job.channel, channelRequestFor(channel, message, Date.now(), ticket), this.config.NOTIFY_TIMEOUT_MS, headers);
    if (!provider) return send();
    const stored = await this.documents.get<TicketDocument>(ticketRef(job));
    if (stored?.value.ref) return send(stored.value.ref);
    // Our record of it expired (an incident quiet for longer than NOTIFY_DELIVERY_LOG_TTL_MS): the
    // incident itself names its ticket, linked from our outcome, so it is updated, not created again.
    const linked = this.codec.decode(Buffer.from(job.value, 'base64'), 'Incident').tickets[provider];
    if (linked) return send(linked);
    // No ticket yet: this delivery creates it alone. Two transitions sent at once (opened and a raise
    // in one version) would otherwise each create one; the other waits for the reference instead.
    const claimed = await this.claimTicketCreation(job, stored);
    if (claimed === null) return { ok: false, busyMs: TICKET_WAIT_MS };
    const outcome = await send();
    if (!outcome.ok) {
      await this.documents.put<TicketDocument>(ticketRef(job), {}, { ifVersion: claimed, ttlMs: this.config.NOTIFY_DELIVERY_LOG_TTL_MS }).catch(() => undefined);
      return outcome;
    }
    const ref = provider === JIRA_PROVIDER ? parseJiraCreateResponse(outcome.status, outcome.body) : parseServiceNowCreateResponse(outcome.status, outcome.body);
    // Kept here too: the next transition updates this ticket even before the incident lists it.
    await this.documents.put<TicketDocument>(ticketRef(job), { ref }, { ttlMs: this.config.NOTIFY_DELIVERY_LOG_TTL_MS });
    return { ...outcome, ticket: { provider, ref } };
  }

  /** The version of the creation lease this delivery now holds, or null while another delivery holds it. */
  private async claimTicketCreation(job: DeliveryJob, stored: StoredDocument<TicketDocument> | null): Promise<number | null> {
    const holder = stored?.value.creating;
    if (holder && holder.key !== job.key && holder.until > Date.now()) return null;
    const lease: TicketDocument = { creating: { key: job.key, until: Date.now() + this.config.NOTIFY_TIMEOUT_MS + 5_000 } };
    try {
      return await this.documents.put(ticketRef(job), lease, { ifVersion: stored?.version ?? 0, ttlMs: this.config.NOTIFY_DELIVERY_LOG_TTL_MS });
    } catch (error) {
      if (error instanceof StaleVersionError) return null;
      throw error;
    }
  }

  private async email(channel: Extract<ChannelDefinition, { type: 'email' }>, message: NotificationMessage): Promise<SendResult> {
    const request = emailRequest(message, channel);
    try {
      const result = await this.smtpFor(channel).send(request);
      if (result.accepted.length === 0) return refused(`${channel.name}: every recipient refused (${result.rejected.join(', ')})`);
      return { ok: true, status: 250, body: result.messageId };
    } catch (error) {
      // SMTP 5xx is permanent (RFC 5321 §4.2.1); 4xx and a connection that failed may pass.
      const code = (error as { responseCode?: number }).responseCode;
      return { ok: false, status: code ?? null, reason: `${channel.name}: ${(error as Error).message}`, retriable: !(code !== undefined && code >= 500), retryAfterMs: null };
    }
  }

  private smtpFor(channel: Extract<ChannelDefinition, { type: 'email' }>): SmtpEmailSender {
    const settings = JSON.stringify(channel.smtp);
    const known = this.smtp.get(channel.name);
    if (known?.settings === settings) return known.sender;
    known?.sender.close();
    const sender = new SmtpEmailSender(channel.smtp);
    this.smtp.set(channel.name, { settings, sender });
    return sender;
  }
}

function refused(reason: string): SendOutcome {
  return { ok: false, status: null, reason, retriable: false, retryAfterMs: null };
}

/** WARNING: durable; the ticket a ticketing channel created for an incident. */
function ticketRef(job: DeliveryJob): DocumentRef {
  return { tenant: job.tenant, key: `ticket:${job.incidentId}|${job.channel}` };
}
