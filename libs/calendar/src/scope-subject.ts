import type { Alert, Event } from '@quell/contracts';

/**
 * What a change's scope is matched against: the entities an alert names, or the fields of an
 * event (config_change events). Host names, services and tags are lower-cased.
 */
export interface ScopeSubject {
  hosts: string[];
  ips: string[];
  services: string[];
  tags: string[];
  /** Unknown (null) for an alert that does not say which event class raised it. */
  eventClass: string | null;
  action: string | null;
  ruleId: string | null;
}

/** Alert details that carry the triggering event's class and action, when the producer sets them. */
export const ALERT_EVENT_CLASS_DETAIL = 'event.class';
export const ALERT_EVENT_ACTION_DETAIL = 'event.action';

export function subjectOfAlert(alert: Alert): ScopeSubject {
  const of = (type: string) => alert.entities.filter((e) => e.type === type).map((e) => e.value.toLowerCase());
  return {
    hosts: of('host'),
    ips: alert.entities.filter((e) => e.type === 'ip').map((e) => e.value),
    services: of('service'),
    tags: of('tag'),
    eventClass: alert.details[ALERT_EVENT_CLASS_DETAIL] ?? null,
    action: alert.details[ALERT_EVENT_ACTION_DETAIL] ?? null,
    ruleId: alert.rule.id,
  };
}

export function subjectOfEvent(event: Event): ScopeSubject {
  const present = (values: Array<string | null | undefined>) => values.filter((v): v is string => !!v);
  return {
    hosts: present([event.host?.name?.toLowerCase(), event.observer?.hostname?.toLowerCase()]),
    ips: present([event.host?.ip, event.observer?.ip, event.src?.ip, event.dst?.ip]),
    services: present([event.service?.toLowerCase()]),
    tags: event.tags.map((t) => t.toLowerCase()),
    eventClass: event.className,
    action: event.action,
    ruleId: null,
  };
}
