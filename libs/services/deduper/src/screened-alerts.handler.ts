import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Alert, AvroCodec, Topics } from '@quell/contracts';
import { dedupedAlert, dedupFingerprintOf, type DedupObservation, type FingerprintPolicy } from '@quell/dedup';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CODEC, eachRecord, SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import { DOCUMENT_STORE, type DocumentStore } from '@quell/platform-state';
import type { DeduperConfig } from './config';
import { DedupWindows } from './dedup-windows';
import { fingerprintPolicyOf } from './fingerprint-policy-config';

/** What the batch publishes for one alert id: the alert to build it from and its latest observation. */
interface Publication {
  alert: Alert;
  fingerprint: string;
  seen: DedupObservation;
}

/**
 * Folds repeats of a fingerprint into its first alert. A batch publishes one record per alert id
 * it touched, in the order the ids first appear: a new alert passes in the batch that brought it
 * (no added latency), and a batch of repeats publishes one update of that alert with the count and
 * last sighting the batch ended on. An alert id is counted once, so a redelivered batch publishes
 * the same records again (downstream takes the same record twice as once).
 */
@Controller()
export class ScreenedAlertsHandler {
  private readonly windows: DedupWindows;
  private readonly policy: FingerprintPolicy;

  constructor(
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(DOCUMENT_STORE) store: DocumentStore,
    @Inject(SERVICE_CONFIG) config: DeduperConfig,
  ) {
    this.windows = new DedupWindows(store, { windowMs: config.DEDUP_WINDOW_MS, flapReturns: config.DEDUP_FLAP_RETURNS, flapWindowMs: config.DEDUP_FLAP_WINDOW_MS });
    this.policy = fingerprintPolicyOf(config);
  }

  @ConsumeBatch('alertsScreened')
  async handle(@Payload() records: InboundRecord<Alert>[]): Promise<OutboundRecord[]> {
    const fingerprints = records.map(({ value: alert }) => dedupFingerprintOf(alert, this.policy));
    // One read and one write for the batch; alerts of one fingerprint see each other's counts in order.
    const seen = await this.windows.observe(
      records.map(({ value: alert }, i) => ({ tenant: alert.tenant, fingerprint: fingerprints[i], id: alert.id, at: alert.lastSeen })),
    );
    const publications = new Map<string, Publication>();
    let position = 0;
    await eachRecord(records, ({ value: alert }) => {
      const i = position++;
      const key = `${alert.tenant}\u0000${seen[i].alertId}`;
      const earlier = publications.get(key);
      // The episode's own alert (its first, or an update of it) is the record's body, else the latest repeat.
      const body = earlier && earlier.alert.id === seen[i].alertId && alert.id !== seen[i].alertId ? earlier.alert : alert;
      publications.set(key, { alert: body, fingerprint: fingerprints[i], seen: seen[i] });
    });
    return [...publications.values()].map(({ alert, fingerprint, seen: latest }) => ({
      topic: this.topics.alertsUnique,
      key: fingerprint,
      value: this.codec.encodable('Alert', dedupedAlert(alert, latest, fingerprint)),
    }));
  }
}
