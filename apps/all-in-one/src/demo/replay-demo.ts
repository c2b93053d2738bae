import { join } from 'node:path';
import type { Topics } from '@quell/contracts';
import type { BaseServiceConfig } from '@quell/platform-config';
import type { InProcessEventBus } from '@quell/platform-kafka';
import type { Logger } from '@quell/platform-observability';
import type { ChangeImports } from '@quell/service-change-calendar';
import { HISTORY_WRITER_GROUP } from '@quell/service-normalizer';
import { demoDecision, demoMarkerOf, markDemoReplayed } from '../demo-replay';
import { demoTimeline, DEMO_TIME_ZONE } from './demo-timeline';
import { publishPaced } from './paced-publish';

/** The tenant the demo key reads and the stories are told in. */
export const DEMO_TENANT = 'demo';
/** Where the stories, the sample change calendar and the demo's rules live. */
export const DEMO_DIR = join('deploy', 'samples', 'demo');

/**
 * Once per data directory (or on `--demo`): the sample change calendar through the calendar's own
 * ServiceNow import (idempotent by ticket), then the three stories moved to the present, in time
 * order, into the ingest topic. The import comes first so that the night's changes are screened
 * against an approved change, as they would be live.
 */
export async function replayDemoOnce(options: { asked: boolean; base: BaseServiceConfig; bus: InProcessEventBus; topics: Topics; imports: ChangeImports; logger: Logger; now?: number }) {
  const marker = demoMarkerOf(options.base.CLICKHOUSE_DATA_DIR);
  const decision = demoDecision({ marker, asked: options.asked, env: process.env });
  if (!decision.replay) return decision;
  const dir = join(process.cwd(), DEMO_DIR);
  const timeline = demoTimeline(dir, options.now ?? Date.now());
  const imported = await options.imports.run(DEMO_TENANT, { source: 'servicenow', format: 'csv', text: timeline.calendarCsv, timeZone: DEMO_TIME_ZONE }, false);
  if (imported.plan.errors.length > 0) options.logger.warn({ errors: imported.plan.errors }, 'sample change calendar: rows not imported');
  const { topics } = options;
  const drained = [topics.ingest, topics.raw, topics.events, topics.configChanges, topics.matches, topics.alerts];
  // The history writer waits to fill its inserts (HISTORY_BATCH_MAX_WAIT_MS): the stories need not wait for it.
  const counted = (groupId: string) => !groupId.endsWith(`.${HISTORY_WRITER_GROUP}`);
  await publishPaced(options.bus, { topic: topics.ingest, drained, counted, headers: { 'quell.tenant': DEMO_TENANT }, sliceMs: 60_000, maxWaitMs: 10_000 }, timeline.records);
  const events = timeline.records.length;
  markDemoReplayed(marker, { file: dir, events, at: Date.now() });
  options.logger.debug({ dir, events, changes: imported.written.length, marker }, 'demo stories published');
  return { ...decision, events, changes: imported.written.length };
}
