import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiOperation, ApiProblem, ApiQuery, ApiResponse, Principal, problem, RequireScope, ZodValidationPipe, type ApiKeyPrincipal } from '@quell/platform-http';
import { DEAD_LETTER_STORE, InvalidCursorError, replayRecordOf, type DeadLetterStore } from '@quell/platform-dead-letters';
import { EVENT_BUS, type EventBus } from '@quell/platform-kafka';
import { instantParam } from '../api/incident-requests';
import { ReplayClaims } from './replay-claims';

const listQuery = z
  .object({
    stage: z.enum(['decode', 'handle']).optional().describe('decode: the bytes were not a valid record; handle: the stage failed on it.'),
    group: z.string().min(1).max(200).optional().describe('The consumer group (service stage) that gave up, e.g. quell.normalizer.'),
    reason: z.string().min(1).max(200).optional().describe('Text the reason contains (case-insensitive).'),
    from: instantParam.optional().describe('Failed at or after (epoch ms or ISO 8601).'),
    to: instantParam.optional().describe('Failed before (epoch ms or ISO 8601).'),
    cursor: z.string().max(100).optional().describe('nextCursor of the previous page.'),
    limit: z.coerce.number().int().min(1).max(500).default(100).describe('At most this many, newest first.'),
  })
  .strict();
const letterId = new ZodValidationPipe(z.string().regex(/^[0-9a-f]{24}$/, 'a dead letter id is 24 hex digits (GET /v1/dead-letters lists them)'), 'id');

/** The dead letters of the key's tenant (an admin key sees every tenant's), from the store the dead-letter consumer fills. */
@Controller('v1/dead-letters')
@RequireScope('read')
@ApiOperation({ summary: 'Dead letters', tags: ['dead-letters'] })
export class DeadLettersController {
  constructor(
    @Inject(DEAD_LETTER_STORE) private readonly store: DeadLetterStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly claims: ReplayClaims,
  ) {}

  @Get()
  @ApiQuery(listQuery)
  @ApiOperation({ summary: 'Dead letters, newest first: reason, stage, group, attempts, origin topic/partition/offset, the start of the value, and whether it can be replayed (kept 30 days)' })
  @ApiProblem(400, 'A bad filter or cursor, named in the answer.')
  async list(@Principal() principal: ApiKeyPrincipal, @Query(new ZodValidationPipe(listQuery, 'query')) query: z.output<typeof listQuery>) {
    try {
      return await this.store.list({ ...query, tenant: tenantSeenBy(principal) });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw problem(400, `cursor: ${error.message}`, { errors: [{ location: 'query', path: 'cursor', message: error.message }] });
      throw error;
    }
  }

  @Post(':id/replay')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({
    summary: 'Republish a dead letter to its origin topic',
    description:
      'The original bytes, key and headers (without the dead-letter headers) go back to the topic the record came from, so that once the cause is fixed it flows through again. Once per letter, recorded durably: a replay that fails again comes back as a new dead letter, with a new id.',
  })
  @ApiResponse(200, { description: 'Republished.', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' }, replayedTo: { type: 'string' } } } } } })
  @ApiProblem(404, "No dead letter of the key's tenant has this id (letters are kept 30 days).")
  @ApiProblem(409, 'The letter was replayed already.')
  @ApiProblem(422, 'The letter cannot go back as it is (no origin topic, cut to fit, or a payload without its envelope); the detail says why.')
  async replay(@Principal() principal: ApiKeyPrincipal, @Param('id', letterId) id: string) {
    const letter = await this.store.get(id, tenantSeenBy(principal));
    if (!letter) throw problem(404, `no dead letter ${id} (GET /v1/dead-letters lists them)`);
    if (letter.view.replayedAt) throw problem(409, `dead letter ${id} was replayed at ${letter.view.replayedAt} by ${letter.view.replayedBy}; if it failed again it is a new dead letter`);
    if (letter.view.notReplayable) throw problem(422, `dead letter ${id} cannot be replayed: ${letter.view.notReplayable}`);
    const record = replayRecordOf({ key: letter.view.key, value: letter.value, headers: letter.view.headers });
    const at = Date.now();
    if (!(await this.claims.claim(letter.view.tenant, id, principal.name, at))) throw problem(409, `dead letter ${id} was replayed already (or is being replayed now)`);
    // Recorded before the publish, so the list shows it and a restart refuses a second replay; undone if the publish fails.
    try {
      await this.store.markReplayed(letter.view, at, principal.name);
      await this.bus.publish([record]);
    } catch (error) {
      await this.store.markReplayed(letter.view, null, principal.name);
      await this.claims.release(letter.view.tenant, id);
      throw error;
    }
    return { id, replayedTo: record.topic };
  }
}

/** An admin key sees every tenant's letters, another key its tenant's. */
const tenantSeenBy = (principal: ApiKeyPrincipal): string | undefined => (principal.scope === 'admin' ? undefined : principal.tenant);
