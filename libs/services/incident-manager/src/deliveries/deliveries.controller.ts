import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiOperation, ApiProblem, ApiQuery, RequireScope, Tenant, ZodValidationPipe } from '@quell/platform-http';
import { DELIVERY_HISTORY, type DeliveryHistory } from '@quell/platform-delivery-log';
import { instantParam } from '../api/incident-requests';

const STATUSES = ['sent', 'retry', 'failed', 'rate_limited', 'deferred', 'suppressed'] as const;
const listQuery = z
  .object({
    status: z.enum(STATUSES).optional().describe('failed: given up after its retries; retry: failed, retry scheduled; sent, rate_limited, deferred, suppressed.'),
    incident: z.string().min(1).max(200).optional().describe('Only this incident\'s deliveries.'),
    from: instantParam.optional().describe('At or after (epoch ms or ISO 8601).'),
    to: instantParam.optional().describe('Before (epoch ms or ISO 8601).'),
    limit: z.coerce.number().int().min(1).max(500).default(100).describe('At most this many, newest first.'),
  })
  .strict();

/** The notifier's delivery attempts of the key's tenant, from the delivery log in ClickHouse (kept 180 days). */
@Controller('v1/deliveries')
@RequireScope('read')
@ApiOperation({ summary: 'Notification deliveries', tags: ['deliveries'] })
export class DeliveriesController {
  constructor(@Inject(DELIVERY_HISTORY) private readonly history: DeliveryHistory) {}

  @Get()
  @ApiQuery(listQuery)
  @ApiOperation({
    summary: 'Delivery attempts, newest first: incident, transition, channel, attempt, status, the receiver\'s HTTP status and the error',
    description: '`?status=failed` lists the deliveries the notifier gave up on. Empty while the notifier\'s delivery log (NOTIFY_DELIVERY_LOG_CLICKHOUSE) is off.',
  })
  @ApiProblem(400, 'A bad filter, named in the answer.')
  async list(@Tenant() tenant: string, @Query(new ZodValidationPipe(listQuery, 'query')) query: z.output<typeof listQuery>) {
    const attempts = await this.history.list({ tenant, status: query.status, incidentId: query.incident, from: query.from, to: query.to, limit: query.limit });
    return { items: attempts.map(({ tenant: _tenant, ...attempt }) => ({ ...attempt, at: new Date(attempt.at).toISOString() })) };
  }
}
