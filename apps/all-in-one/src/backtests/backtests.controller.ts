import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { z } from 'zod';
import { ApiBody, ApiOperation, ApiProblem, ApiResponse, RequireScope, Tenant, ZodValidationPipe } from '@quell/platform-http';
import { BACKTEST_RANGES, HistoryBacktests, type BacktestRange } from './history-backtests';

export const HISTORY_BACKTESTS = Symbol('HISTORY_BACKTESTS');

const MAX_RULE_BYTES = 256 * 1024;
/** The last instant ClickHouse's DateTime64(3) holds (2299-12-31): a later one could not be a time in the answer either (a 500 before). */
const MAX_EPOCH_MS = Date.UTC(2299, 11, 31, 23, 59, 59, 999);
const epochMs = z.number().int().min(0).max(MAX_EPOCH_MS, 'epoch ms up to 2299-12-31T23:59:59.999Z');

export const backtestInput = z
  .object({
    ruleId: z.string().min(1).max(500).optional().describe('A loaded rule by id, name or title; with `rule`, the rule of that text to run (default: all of it).'),
    rule: z.string().min(1).max(MAX_RULE_BYTES).optional().describe('Sigma YAML of a rule not saved yet (it may reference the loaded rules, and wins an id clash with them).'),
    range: z.enum(Object.keys(BACKTEST_RANGES) as [BacktestRange, ...BacktestRange[]]).optional().describe('The last hour or day.'),
    from: epochMs.optional().describe('Epoch ms, included (with `to`, instead of `range`).'),
    to: epochMs.optional().describe('Epoch ms, excluded.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.ruleId === undefined && input.rule === undefined) ctx.addIssue({ code: 'custom', path: ['ruleId'], message: 'give ruleId (a loaded rule), rule (Sigma YAML), or both' });
    const explicit = input.from !== undefined || input.to !== undefined;
    if (explicit === (input.range !== undefined)) ctx.addIssue({ code: 'custom', path: ['range'], message: "give range ('1h' or '1d'), or from and to" });
    if (explicit && !(input.from !== undefined && input.to !== undefined && input.from < input.to)) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from and to go together, from before to' });
  });

const ANSWER = {
  ruleId: { type: 'string' },
  range: { type: ['string', 'null'] },
  from: { type: 'string', format: 'date-time' },
  to: { type: 'string', format: 'date-time' },
  eventsScanned: { type: 'integer' },
  matches: { type: 'integer', description: 'Events some rule of the run matched.' },
  alerts: { type: 'integer', description: 'Alerts it would have raised (detections that alert on their own, correlation episodes).' },
  sample: { type: 'array', items: { type: 'object' }, description: 'Up to 10 matching events, in event-time order.' },
  correlationAlerts: { type: 'array', items: { type: 'object' } },
  stoppedBy: { type: ['string', 'null'], enum: ['max-events', 'timeout', null], description: 'Why the scan ended before the end of the range (the counts then cover what was read).' },
} as const;

/**
 * Backtests over the all-in-one's event history while it runs (the embedded engine admits one
 * process, so `quell rules backtest` comes here then). Read scope: a backtest changes nothing.
 */
@Controller('v1/backtests')
@RequireScope('read')
@ApiOperation({ summary: 'Rule backtests', tags: ['backtests'] })
export class BacktestsController {
  constructor(@Inject(HISTORY_BACKTESTS) private readonly backtests: HistoryBacktests) {}

  @Post()
  @HttpCode(200)
  @ApiBody({ content: { 'application/json': { schema: backtestInput } } })
  @ApiOperation({
    summary: "Runs a Sigma rule over the key's tenant's event history",
    description: 'A loaded rule by id, or an unsaved one as YAML, over the last hour or day (or from/to); at most 100,000 events and 10 s, then it answers with what it read.',
  })
  @ApiResponse(200, { description: 'What the rule matched.', content: { 'application/json': { schema: { type: 'object', properties: ANSWER } } } })
  @ApiProblem(400, 'An invalid body, or a rejected rule (each error with its file and line).')
  @ApiProblem(404, 'No loaded rule has this id, name or title.')
  run(@Tenant() tenant: string, @Body(new ZodValidationPipe(backtestInput)) input: z.output<typeof backtestInput>) {
    return this.backtests.run(tenant, input);
  }
}
