/**
 * The `action` of every timeline entry Quell writes. WARNING: a public contract (SOC tools, the
 * notifier's transitions, the console read them); add names, never rename one.
 */
export const TIMELINE_ACTIONS = {
  // automatic, by the incident-manager
  opened: 'opened',
  alertAdded: 'alert_added',
  alertRepeated: 'alert_repeated',
  /** On the surviving incident: another incident was merged into it. */
  merged: 'merged',
  /** On the absorbed incident: it was merged into another (and closed). */
  mergedInto: 'merged_into',
  /** Kill-chain progression on an entity raised the incident. */
  escalated: 'escalated',
  prioritized: 'prioritized',
  relatedChange: 'related_change',
  suppressed: 'suppressed',
  // by a person (API, CLI, console) or a two-way sync
  acknowledged: 'acknowledged',
  assigned: 'assigned',
  commented: 'commented',
  priorityChanged: 'priority_changed',
  resolved: 'resolved',
  reopened: 'reopened',
  closed: 'closed',
  // by the notifier
  notified: 'notified',
  notificationFailed: 'notification_failed',
  ticketLinked: 'ticket_linked',
} as const;

export type TimelineAction = (typeof TIMELINE_ACTIONS)[keyof typeof TIMELINE_ACTIONS];

/** The transitions that notify (DESIGN.md "Incidents"): at most one notification each. */
export const NOTIFYING_ACTIONS: readonly TimelineAction[] = ['opened', 'escalated', 'priority_changed', 'prioritized', 'acknowledged', 'resolved'];
