import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiOperation, ApiProblem, ApiQuery, ApiResponse, Principal, problem, RequireScope, ZodValidationPipe, type ApiKeyPrincipal } from '@quell/platform-http';
import type { EventBus } from '@quell/platform-kafka';
import { DeadLetterInbox } from './dead-letter-inbox';
import { replayRecordOf } from './dead-letter-replay';

export const DEAD_LETTER_INBOX = Symbol('DEAD_LETTER_INBOX');
/** The bus a replay publishes on (the all-in-one's in-process bus). */
export const DEAD_LETTER_BUS = Symbol('DEAD_LETTER_BUS');

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100).describe('At most this many, newest first.') });
const letterId = new ZodValidationPipe(z.string().regex(/^\d{1,6}:\d{1,20}$/, 'a dead letter id is <partition>:<offset>'), 'id');

/** The all-in-one's dead letters, for the key's tenant (an admin key sees every tenant's). */
@Controller('v1/dead-letters')
@RequireScope('read')
@ApiOperation({ summary: 'Dead letters', tags: ['dead-letters'] })
export class DeadLettersController {
  private readonly query = new ZodValidationPipe(listQuery);

  constructor(
    @Inject(DEAD_LETTER_INBOX) private readonly inbox: DeadLetterInbox,
    @Inject(DEAD_LETTER_BUS) private readonly bus: EventBus,
  ) {}

  @Get()
  @ApiQuery(listQuery)
  @ApiOperation({ summary: 'The latest dead letters: reason, stage, attempts, origin topic/partition/offset, the start of the value, and whether it can be replayed' })
  list(@Principal() principal: ApiKeyPrincipal, @Query() query: unknown) {
    const { limit } = this.query.transform(query, { type: 'query' }) as z.infer<typeof listQuery>;
    return this.inbox.list(tenantSeenBy(principal), limit);
  }

  @Post(':id/replay')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({
    summary: 'Republish a dead letter to its origin topic',
    description:
      'The original bytes, key and headers (without the dead-letter headers) go back to the topic the record came from, so that once the cause is fixed it flows through again. Once per letter: a replay that fails again comes back as a new dead letter, with a new id.',
  })
  @ApiResponse(200, { description: 'Republished.', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' }, replayedTo: { type: 'string' } } } } } })
  @ApiProblem(404, "No dead letter of the key's tenant has this id (the inbox keeps the latest 1,000, and none across a restart).")
  @ApiProblem(409, 'The letter was replayed already.')
  @ApiProblem(422, 'The letter cannot go back as it is (no origin topic, cut to fit, or a payload without its envelope); the detail says why.')
  async replay(@Principal() principal: ApiKeyPrincipal, @Param('id', letterId) id: string) {
    const letter = this.inbox.get(id, tenantSeenBy(principal));
    if (!letter) throw problem(404, `no dead letter ${id} (GET /v1/dead-letters lists them)`);
    if (letter.view.replayedAt) throw problem(409, `dead letter ${id} was replayed at ${letter.view.replayedAt}; if it failed again it is a new dead letter`);
    if (letter.view.notReplayable) throw problem(422, `dead letter ${id} cannot be replayed: ${letter.view.notReplayable}`);
    const record = replayRecordOf({ key: letter.view.key, value: letter.value, headers: letter.view.headers });
    // Marked before the publish, so a second request while it is under way gets 409.
    this.inbox.markReplayed(letter, new Date().toISOString());
    try {
      await this.bus.publish([record]);
    } catch (error) {
      this.inbox.markReplayed(letter, null);
      throw error;
    }
    return { id, replayedTo: record.topic };
  }
}

/** An admin key sees every tenant's letters, another key its tenant's. */
const tenantSeenBy = (principal: ApiKeyPrincipal): string | undefined => (principal.scope === 'admin' ? undefined : principal.tenant);
