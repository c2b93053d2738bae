import type { Incident, TimelineEntry } from '@quell/contracts';
import { appendToTimeline } from '../incident-timeline';
import { TIMELINE_ACTIONS, type TimelineAction } from '../timeline-actions';

/** How a resolved incident ended. WARNING: a public contract (API, CLI, SOC tools, history); add codes, never rename one. */
export const RESOLUTION_CODES = ['true_positive', 'false_positive', 'benign', 'duplicate', 'other'] as const;
export type ResolutionCode = (typeof RESOLUTION_CODES)[number];

/** What a person (API, CLI, two-way sync) or the notifier does to an incident. */
export type IncidentAction =
  | { type: 'acknowledge'; actor: string; comment?: string }
  | { type: 'assign'; actor: string; assignee: string | null }
  | { type: 'comment'; actor: string; text: string }
  | { type: 'set_priority'; actor: string; priority: number; reason: string }
  | { type: 'resolve'; actor: string; resolution: ResolutionCode; comment?: string }
  | { type: 'reopen'; actor: string; reason?: string }
  | { type: 'close'; actor: string; comment?: string }
  | { type: 'record'; actor: string; action: TimelineAction; detail: string }
  | { type: 'link_ticket'; actor: string; provider: string; ref: string };

export type IncidentActionType = IncidentAction['type'];

/**
 * An action the incident's state does not allow (`invalid_transition`, e.g. acknowledging a closed
 * incident) or one whose fields are wrong (`invalid_input`, e.g. priority 7). Not retriable.
 */
export class IncidentActionError extends Error {
  override readonly name = 'IncidentActionError';
  readonly retriable = false;

  constructor(
    readonly code: 'invalid_transition' | 'invalid_input',
    message: string,
  ) {
    super(message);
  }
}

const A = TIMELINE_ACTIONS;
const ACTIVE = new Set(['open', 'acknowledged']);

/**
 * The incident after the action: version + 1 and a timeline entry saying who, when and what. Throws
 * IncidentActionError when the action is not allowed. Returns null when there is nothing to do, so a
 * retried request or a two-way sync echoing Quell's own change adds no version: acknowledging an
 * acknowledged incident, assigning the current assignee, resolving a resolved incident with the same
 * code (or `other`), reopening an open one, closing a closed one, setting the priority a person already set,
 * linking the same ticket, or recording an entry the timeline already holds.
 */
export function applyAction(incident: Incident, action: IncidentAction, now: number): Incident | null {
  requireText(action.actor, 'actor');
  const change = decide(incident, action, now);
  if (!change) return null;
  const { entry, ...fields } = change;
  return { ...incident, ...fields, ...appendToTimeline(incident, { at: now, actor: action.actor, ...entry }), version: incident.version + 1 };
}

type Change = Partial<Incident> & { entry: Pick<TimelineEntry, 'action' | 'detail'> };

function decide(incident: Incident, action: IncidentAction, now: number): Change | null {
  switch (action.type) {
    case 'acknowledge':
      if (incident.status === 'acknowledged') return null;
      requireStatus(incident, 'acknowledge', ['open']);
      return { status: 'acknowledged', entry: { action: A.acknowledged, detail: optional(action.comment) } };
    case 'assign': {
      const assignee = action.assignee === null ? null : requireText(action.assignee, 'assignee');
      if (incident.assignee === assignee) return null;
      requireNotClosed(incident, 'assign');
      return { assignee, entry: { action: A.assigned, detail: assignee === null ? 'unassigned' : `to ${assignee}` } };
    }
    case 'comment':
      return { entry: { action: A.commented, detail: requireText(action.text, 'text') } };
    case 'set_priority':
      return setPriority(incident, action);
    case 'resolve':
      return resolve(incident, action, now);
    case 'reopen':
      if (ACTIVE.has(incident.status)) return null;
      if (incident.mergedInto) throw new IncidentActionError('invalid_transition', `incident ${incident.id} was merged into ${incident.mergedInto}: act on that one`);
      return { status: 'open', resolution: null, entry: { action: A.reopened, detail: optional(action.reason) } };
    case 'close':
      if (incident.status === 'closed') return null;
      return { status: 'closed', entry: { action: A.closed, detail: optional(action.comment) } };
    case 'record':
      return record(incident, action);
    case 'link_ticket': {
      const provider = requireText(action.provider, 'provider');
      const ref = requireText(action.ref, 'ref');
      if (incident.tickets[provider] === ref) return null;
      return { tickets: { ...incident.tickets, [provider]: ref }, entry: { action: A.ticketLinked, detail: `${provider} ${ref}` } };
    }
    default:
      throw new IncidentActionError('invalid_input', `unknown action type ${(action as { type: unknown }).type}`);
  }
}

/** A person's priority, with the reason; automatic assessment keeps it from then on (withAssessedPriority). */
function setPriority(incident: Incident, action: Extract<IncidentAction, { type: 'set_priority' }>): Change | null {
  if (!Number.isInteger(action.priority) || action.priority < 1 || action.priority > 5) {
    throw new IncidentActionError('invalid_input', `priority must be a whole number from 1 to 5, not ${action.priority}`);
  }
  const reason = requireText(action.reason, 'reason');
  const setByPerson = incident.timeline.some((entry) => entry.action === A.priorityChanged);
  if (incident.priority === action.priority && setByPerson) return null;
  requireNotClosed(incident, 'change the priority of');
  return { priority: action.priority, entry: { action: A.priorityChanged, detail: `P${incident.priority} → P${action.priority}: ${reason}` } };
}

/**
 * The entry's detail leads with the code (`false_positive: backup job`): the incident history read
 * the code from there before the contract had `resolution`, and older readers still do.
 */
function resolve(incident: Incident, action: Extract<IncidentAction, { type: 'resolve' }>, now: number): Change | null {
  if (!(RESOLUTION_CODES as readonly string[]).includes(action.resolution)) {
    throw new IncidentActionError('invalid_input', `unknown resolution code ${JSON.stringify(action.resolution)}; one of ${RESOLUTION_CODES.join(', ')}`);
  }
  if (incident.status === 'resolved') {
    // `other` says no more than "resolved": a ticket or pager echoing Quell's own resolution back adds nothing.
    if (incident.resolution === action.resolution || action.resolution === 'other') return null;
    throw new IncidentActionError('invalid_transition', `incident ${incident.id} is already resolved as ${incident.resolution ?? 'unknown'}: reopen it to resolve it as ${action.resolution}`);
  }
  requireStatus(incident, 'resolve', ['open', 'acknowledged']);
  const comment = optional(action.comment);
  return { status: 'resolved', resolution: action.resolution, resolvedAt: now, entry: { action: A.resolved, detail: comment ? `${action.resolution}: ${comment}` : action.resolution } };
}

/** An automatic entry (a notification sent or failed); the same entry twice is a redelivery, not news. */
function record(incident: Incident, action: Extract<IncidentAction, { type: 'record' }>): Change | null {
  if (!(Object.values(A) as string[]).includes(action.action)) throw new IncidentActionError('invalid_input', `unknown timeline action ${action.action}`);
  const detail = requireText(action.detail, 'detail');
  const seen = incident.timeline.some((entry) => entry.action === action.action && entry.actor === action.actor && entry.detail === detail);
  return seen ? null : { entry: { action: action.action, detail } };
}

function requireStatus(incident: Incident, verb: string, allowed: readonly string[]): void {
  if (!allowed.includes(incident.status)) throw new IncidentActionError('invalid_transition', `cannot ${verb} incident ${incident.id}: it is ${incident.status}`);
}

function requireNotClosed(incident: Incident, verb: string): void {
  if (incident.status === 'closed') throw new IncidentActionError('invalid_transition', `cannot ${verb} incident ${incident.id}: it is closed`);
}

function requireText(value: string, field: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw new IncidentActionError('invalid_input', `${field} is required`);
  return text;
}

function optional(text: string | undefined): string | null {
  return text?.trim() || null;
}
