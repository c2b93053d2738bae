import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CONFIG_CHANGE_CLASS, type AvroCodec, type Event, type Topics } from '@quell/contracts';
import { screenConfigChange } from '@quell/calendar';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CODEC, eachRecord, TOPICS } from '@quell/platform-service-kit';
import { ChangeCalendar } from '../change-calendar';
import { ConfigChangeMemory } from '../related/config-change-memory';
import { governanceAlertOf } from './governance-alert';

/** The calendar's own consumer group on the config-changes topic (the normalizer copies every config_change event there). */
export const GOVERNANCE_GROUP = 'change-governance';

/**
 * Change governance: every config_change event is judged against the calendar at its event time;
 * one no approved change covers, or one inside a freeze, becomes an alert of kind `change`.
 * Every one is also remembered per host (ConfigChangeMemory). The alert goes straight to the screened topic:
 * the calendar has already judged it, and screening it again could let the covering change of a
 * freeze-time edit suppress it.
 */
@Controller()
export class ConfigChangesHandler {
  constructor(
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    private readonly calendar: ChangeCalendar,
    private readonly edits: ConfigChangeMemory,
  ) {}

  // The correlator's group dead-letters an undecodable event from the events topic; a second copy
  // helped no one. Another class published to this topic by mistake is skipped by its class alone
  // (it is not a change to judge, and the events topic has it).
  @ConsumeBatch('configChanges', { group: GOVERNANCE_GROUP, undecodable: 'skip', only: { field: 'className', values: [CONFIG_CHANGE_CLASS] } })
  async handle(@Payload() changes: InboundRecord<Event>[]): Promise<OutboundRecord[]> {
    // Related-change context for the alerts that follow on the same hosts.
    for (const { value } of changes) this.edits.see(value);
    this.calendar.advance();
    const alerts = await eachRecord(changes, ({ value }) => governanceAlertOf(value, screenConfigChange(value, this.calendar.index)));
    return alerts
      .filter((alert) => alert !== null)
      .map((alert) => ({ topic: this.topics.alertsScreened, key: alert.fingerprint, value: this.codec.encodable('Alert', alert) }));
  }
}
