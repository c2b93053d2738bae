import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Alert, AvroCodec, Topics } from '@quell/contracts';
import { screenAlertVerdict, type AlertVerdict, type RelatedChangeOptions } from '@quell/calendar';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CODEC, eachRecord, TOPICS } from '@quell/platform-service-kit';
import { ChangeCalendar } from './change-calendar';
import { FreezeFindings } from './governance/freeze-findings';
import { ConfigChangeMemory } from './related/config-change-memory';
import { withRelatedChanges } from './related/related-change-details';
import { SCREENING_POLICY, type ScreeningPolicySource } from './screening/screening-policy.provider';

/** How far back, and how many, related changes an unsuppressed alert lists (CHANGE_RELATED_*). */
export const RELATED_CHANGES = Symbol('RELATED_CHANGES');

/**
 * Every alert passes on to the screened topic; none is dropped. One an approved change covers is
 * suppressed or annotated by the screening policy, and a copy goes to the suppressed-alerts topic
 * (keyed by change id) for the audit table and the per-change listing. One that is not suppressed
 * carries the changes and config_change edits that touched its entities shortly before (context
 * only). A covering change inside a freeze window raises its governance alert once.
 */
@Controller()
export class AlertsHandler {
  constructor(
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    private readonly calendar: ChangeCalendar,
    @Inject(RELATED_CHANGES) private readonly related: RelatedChangeOptions,
    @Inject(SCREENING_POLICY) private readonly policy: ScreeningPolicySource,
    private readonly edits: ConfigChangeMemory,
    private readonly freezeFindings: FreezeFindings,
  ) {}

  @ConsumeBatch('alerts')
  async handle(@Payload() records: InboundRecord<Alert>[]): Promise<OutboundRecord[]> {
    this.calendar.advance();
    const options = { related: this.related, policy: this.policy.current(), configChanges: this.edits };
    const batch = this.freezeFindings.batch();
    const out = await eachRecord(records, ({ value }) => {
      // The index answers per entity, not by scanning every change.
      const verdict = screenAlertVerdict(value, this.calendar.index, options);
      return [...this.recordsOf(verdict), ...batch.raise(verdict).map((finding) => this.record(this.topics.alertsScreened, finding.fingerprint, finding))];
    });
    return out.flat();
  }

  private recordsOf(verdict: AlertVerdict): OutboundRecord[] {
    const alert = withRelatedChanges(verdict.alert, verdict.related);
    const screened = this.record(this.topics.alertsScreened, alert.fingerprint, alert);
    const changeId = alert.suppression.changeId;
    return verdict.cover && changeId ? [screened, this.record(this.topics.alertsSuppressed, changeId, alert)] : [screened];
  }

  private record(topic: string, key: string, alert: Alert): OutboundRecord {
    return { topic, key, value: this.codec.encodable('Alert', alert) };
  }
}
