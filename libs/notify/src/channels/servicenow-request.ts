import { messageTextLines, truncate, type NotificationMessage } from '../notification-message';
import { basicAuthorization, jsonRequest, parseJsonObject, type ChannelRequest } from './channel-request';

/** The key `tickets[SERVICENOW_PROVIDER]` holds on the incident. */
export const SERVICENOW_PROVIDER = 'servicenow';
/** incident.short_description's default length in the dictionary. */
export const SERVICENOW_SHORT_DESCRIPTION_MAX = 160;
/** The incident table's out-of-box states. */
export const SERVICENOW_STATE = { inProgress: '2', resolved: '6' } as const;

export interface ServiceNowTarget {
  /** The instance, e.g. https://dev12345.service-now.com */
  instanceUrl: string;
  /** Basic auth with an integration user's name and password, from the environment. */
  user: string;
  password: string;
  /** sys_id or name of the assignment group; left to the instance's rules when absent. */
  assignmentGroup?: string;
  /** close_code on resolve; one of the instance's choices (default "Solution provided"). */
  closeCode?: string;
}

/** Both halves of a ServiceNow ticket: the number people read and the sys_id the Table API addresses. */
export interface ServiceNowTicket {
  number: string;
  sysId: string;
}

/**
 * Table API (docs.servicenow.com, REST API reference, "Table API": POST /api/now/table/{tableName},
 * PATCH /api/now/table/{tableName}/{sys_id}): without a ticket, create an incident (answers 201 with
 * `result.sys_id` and `result.number`); with one, PATCH it: impact and urgency on a raise, state In
 * Progress on acknowledge, state Resolved with close_code and close_notes on resolve, each with a work note.
 */
export function serviceNowRequest(message: NotificationMessage, target: ServiceNowTarget, ticket: string | undefined): ChannelRequest {
  checkTarget(target);
  const headers = { Authorization: basicAuthorization(target.user, target.password), Accept: 'application/json' };
  const table = `${target.instanceUrl.replace(/\/+$/, '')}/api/now/table/incident`;
  if (!ticket) {
    return jsonRequest(table, {
      short_description: shortDescription(message),
      description: messageTextLines(message).join('\n'),
      ...impactAndUrgency(message.priority),
      // Lets an operator (or a retry that lost the answer) find Quell's record for the incident.
      correlation_id: truncate(message.dedupKey, 100),
      correlation_display: 'Quell',
      ...(target.assignmentGroup ? { assignment_group: target.assignmentGroup } : {}),
    }, headers);
  }
  const record = `${table}/${encodeURIComponent(parseServiceNowTicket(ticket).sysId)}`;
  switch (message.transition) {
    case 'acknowledged':
      return jsonRequest(record, { state: SERVICENOW_STATE.inProgress, work_notes: `Acknowledged in Quell: ${message.url}` }, headers, 'PATCH');
    case 'resolved':
      return jsonRequest(record, {
        state: SERVICENOW_STATE.resolved,
        close_code: target.closeCode ?? 'Solution provided',
        close_notes: `Resolved in Quell: ${message.url}`,
      }, headers, 'PATCH');
    default:
      return jsonRequest(record, {
        short_description: shortDescription(message),
        ...impactAndUrgency(message.priority),
        work_notes: messageTextLines(message).join('\n'),
      }, headers, 'PATCH');
  }
}

/** The created record from the 201 answer `{ result: { sys_id, number, … } }`, as the reference to store. */
export function parseServiceNowCreateResponse(status: number, body: string): string {
  const result = status === 201 ? parseJsonObject(body)?.['result'] : undefined;
  const fields = result && typeof result === 'object' ? (result as Record<string, unknown>) : {};
  const sysId = fields['sys_id'];
  const number = fields['number'];
  if (typeof sysId !== 'string' || !SYS_ID.test(sysId) || typeof number !== 'string' || !number) {
    throw new Error(`ServiceNow did not create an incident: HTTP ${status} ${truncate(body, 200)}`);
  }
  return formatServiceNowTicket({ number, sysId });
}

const SYS_ID = /^[0-9a-f]{32}$/;

/** Stored as `INC0010023/<sys_id>`: readable on the incident, and enough to address the record. */
export function formatServiceNowTicket(ticket: ServiceNowTicket): string {
  return `${ticket.number}/${ticket.sysId}`;
}

export function parseServiceNowTicket(reference: string): ServiceNowTicket {
  const [number, sysId] = reference.split('/');
  if (!number || !sysId || !SYS_ID.test(sysId)) throw new Error(`"${reference}" is not a ServiceNow ticket reference (INC…/<32-hex sys_id>)`);
  return { number, sysId };
}

/**
 * Quell's P1–P5 onto impact and urgency (1 high … 3 low), chosen so the out-of-box priority
 * lookup (dl_u_priority) gives the same number back: 1/1 → 1, 1/2 → 2, 2/2 → 3, 2/3 → 4, 3/3 → 5.
 */
export function impactAndUrgency(priority: number): { impact: string; urgency: string } {
  const table: Record<number, [string, string]> = { 1: ['1', '1'], 2: ['1', '2'], 3: ['2', '2'], 4: ['2', '3'], 5: ['3', '3'] };
  const [impact, urgency] = table[Math.min(5, Math.max(1, Math.round(priority)))];
  return { impact, urgency };
}

function shortDescription(message: NotificationMessage): string {
  return truncate(`P${message.priority} ${message.title}`.replace(/[\r\n]+/g, ' '), SERVICENOW_SHORT_DESCRIPTION_MAX);
}

function checkTarget(target: ServiceNowTarget): void {
  const missing = (['instanceUrl', 'user', 'password'] as const).filter((key) => !target[key]?.trim());
  if (missing.length > 0) throw new Error(`the ServiceNow channel needs ${missing.join(', ')}`);
}
