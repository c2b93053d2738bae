import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiOperation, ApiProblem, ApiResponse, RequireScope, Tenant, ZodValidationPipe } from '@quell/platform-http';
import { PIPELINE_STATS, type PipelineStats, type StatsRange } from '@quell/platform-pipeline-stats';

/** The ranges the console offers, each with its event-rate bucket (60 points an hour, 96 a day). */
const RANGES = { '1h': { ms: 3_600_000, bucketSeconds: 60 }, '1d': { ms: 86_400_000, bucketSeconds: 900 } } as const;

export const statsQuerySchema = z.object({ range: z.enum(['1h', '1d']).default('1h').describe('The last hour (1-minute buckets) or the last day (15-minute buckets); default 1h.') }).strict();
type StatsQuery = z.output<typeof statsQuerySchema>;

/** Why the counts can look off at a range's edges; said in the answer, not only in the docs. */
const FUNNEL_NOTE =
  'Every stage is counted by when Quell processed it (ingest time of events, recorded time of alerts, suppressions and incident versions, send time of notifications), not by event time. Alerts come from the deduper’s occurrence counts, so an alert dropped or dead-lettered before the deduper is not counted.';

const iso = (ms: number) => new Date(ms).toISOString();
const stage = z.object({ name: z.string(), label: z.string(), count: z.number().int(), description: z.string() });
const funnelAnswer = z.object({
  range: z.string(),
  from: z.string().describe('ISO 8601, included.'),
  to: z.string().describe('ISO 8601, excluded.'),
  stages: z.array(stage).describe('events, alerts, screened, deduplicated, incidents, notifications, in that order.'),
  eventRate: z.object({
    bucketSeconds: z.number().int(),
    series: z.array(z.object({ source: z.string(), points: z.array(z.object({ at: z.string().describe('Bucket start, ISO 8601.'), count: z.number().int() })) })),
  }),
  note: z.string(),
});
const ruleHitsAnswer = z.object({
  range: z.string(),
  from: z.string(),
  to: z.string(),
  items: z.array(z.object({ ruleId: z.string(), title: z.string(), hits: z.number().int().describe('Alerts the rule raised, dedup repeats included.'), lastHit: z.string().nullable().describe('Latest sighting (event time), ISO 8601.') })),
});

/** The pipeline funnel and rule hit counts of the key's tenant, from the ClickHouse history. */
@Controller('v1')
@RequireScope('read')
@ApiOperation({ summary: 'Pipeline statistics', tags: ['pipeline'] })
export class PipelineStatsController {
  constructor(@Inject(PIPELINE_STATS) private readonly stats: PipelineStats) {}

  @Get('funnel')
  @ApiOperation({ summary: 'How much went through each stage, and the event rate per source', description: FUNNEL_NOTE })
  @ApiResponse(200, { description: 'The stages in pipeline order and the events per source and bucket (every bucket present).', content: { 'application/json': { schema: funnelAnswer } } })
  @ApiProblem(400, 'A range other than 1h or 1d, or an unknown query parameter.')
  async funnel(@Tenant() tenant: string, @Query(new ZodValidationPipe(statsQuerySchema, 'query')) query: StatsQuery) {
    const range = this.rangeOf(query.range);
    const { stages, eventRate } = await this.stats.funnel(tenant, range, RANGES[query.range].bucketSeconds);
    return {
      range: query.range,
      from: iso(range.from),
      to: iso(range.to),
      stages,
      eventRate: { bucketSeconds: eventRate.bucketSeconds, series: eventRate.series.map((s) => ({ source: s.source, points: s.points.map((p) => ({ at: iso(p.at), count: p.count })) })) },
      note: FUNNEL_NOTE,
    };
  }

  @Get('rule-hits')
  @ApiOperation({ summary: 'Alerts each rule raised in the range, most first' })
  @ApiResponse(200, { description: 'One item per rule that raised an alert in the range.', content: { 'application/json': { schema: ruleHitsAnswer } } })
  @ApiProblem(400, 'A range other than 1h or 1d, or an unknown query parameter.')
  async ruleHits(@Tenant() tenant: string, @Query(new ZodValidationPipe(statsQuerySchema, 'query')) query: StatsQuery) {
    const range = this.rangeOf(query.range);
    const items = await this.stats.ruleHits(tenant, range);
    return { range: query.range, from: iso(range.from), to: iso(range.to), items: items.map((hit) => ({ ...hit, lastHit: hit.lastHit === null ? null : iso(hit.lastHit) })) };
  }

  private rangeOf(range: StatsQuery['range']): StatsRange {
    const to = Date.now();
    return { from: to - RANGES[range].ms, to };
  }
}
