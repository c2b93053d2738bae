import { Counter, type Registry } from 'prom-client';
import type { GroupingCounts } from '@quell/incidents';

/**
 * What grouping did with the alerts, and how often a batch lost a race to another replica.
 * WARNING: metric names are dashboard inputs; rename only with them.
 */
export class GroupingMetrics {
  private readonly alerts: Counter<'outcome'>;
  private readonly merged: Counter;
  readonly raced: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.alerts = new Counter({
      name: 'quell_incident_alerts_grouped_total',
      help: 'Alerts folded into incidents, by outcome: opened (a new incident), joined (an open incident sharing an entity), known (a repeat or a replay of an alert already held), suppressed (covered by an approved change, with no open incident to join: none opened).',
      labelNames: ['outcome'],
      registers,
    });
    this.merged = new Counter({ name: 'quell_incidents_merged_total', help: 'Open incidents merged into another (an alert linked them, or two replicas opened one each on one entity).', registers });
    this.raced = new Counter({ name: 'quell_incident_grouping_races_total', help: 'Grouping attempts redone because another replica changed an incident first.', registers });
  }

  record(counts: GroupingCounts): void {
    this.alerts.inc({ outcome: 'opened' }, counts.opened);
    this.alerts.inc({ outcome: 'joined' }, counts.joined);
    this.alerts.inc({ outcome: 'known' }, counts.known);
    this.alerts.inc({ outcome: 'suppressed' }, counts.suppressed);
    this.merged.inc(counts.merged);
  }
}
