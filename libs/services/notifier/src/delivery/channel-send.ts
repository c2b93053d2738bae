import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { TicketReference } from '@quell/contracts';
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
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import { DOCUMENT_STORE, type DocumentRef, type DocumentStore } from '@quell/platform-state';
import type { NotifierConfig } from '../config';
import { RoutingSource } from '../routing/routing-source';
import { channelRequestFor, type HttpChannel } from './channel-request-for';
import { sendChannelRequest } from './channel-sender';
import type { DeliveryJob } from './delivery-job';

export type SendResult = SendOutcome & { ticket?: TicketReference };

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

  onApplicationShutdown(): void {
    for (const { sender } of this.smtp.values()) sender.close();
  }

  private async http(channel: HttpChannel, job: DeliveryJob, message: NotificationMessage, headers: Record<string, string>): Promise<SendResult> {
    const provider = TICKET_PROVIDER[channel.type];
    const ticket = provider ? (await this.documents.get<{ ref: string }>(ticketRef(job)))?.value.ref : undefined;
    const outcome = await sendChannelRequest(job.channel, channelRequestFor(channel, message, Date.now(), ticket), this.config.NOTIFY_TIMEOUT_MS, headers);
    if (!outcome.ok || !provider || ticket) return outcome;
    const ref = provider === JIRA_PROVIDER ? parseJiraCreateResponse(outcome.status, outcome.body) : parseServiceNowCreateResponse(outcome.status, outcome.body);
    // Kept here too: the next transition updates this ticket even before the incident lists it.
    await this.documents.put(ticketRef(job), { ref }, { ttlMs: this.config.NOTIFY_DELIVERY_LOG_TTL_MS });
    return { ...outcome, ticket: { provider, ref } };
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

function refused(reason: string): SendResult {
  return { ok: false, status: null, reason, retriable: false, retryAfterMs: null };
}

/** WARNING: durable; the ticket a ticketing channel created for an incident. */
function ticketRef(job: DeliveryJob): DocumentRef {
  return { tenant: job.tenant, key: `ticket:${job.incidentId}|${job.channel}` };
}
