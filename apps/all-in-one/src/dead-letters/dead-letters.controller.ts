import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiOperation, ApiQuery, Principal, RequireScope, ZodValidationPipe, type ApiKeyPrincipal } from '@quell/platform-http';
import { DeadLetterInbox } from './dead-letter-inbox';

export const DEAD_LETTER_INBOX = Symbol('DEAD_LETTER_INBOX');

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100).describe('At most this many, newest first.') });

/** The all-in-one's dead letters, for the key's tenant (an admin key sees every tenant's). */
@Controller('v1/dead-letters')
@RequireScope('read')
@ApiOperation({ summary: 'Dead letters', tags: ['dead-letters'] })
export class DeadLettersController {
  private readonly query = new ZodValidationPipe(listQuery);

  constructor(@Inject(DEAD_LETTER_INBOX) private readonly inbox: DeadLetterInbox) {}

  @Get()
  @ApiQuery(listQuery)
  @ApiOperation({ summary: 'The latest dead letters: reason, stage, attempts, origin topic/partition/offset and the start of the value' })
  list(@Principal() principal: ApiKeyPrincipal, @Query() query: unknown) {
    const { limit } = this.query.transform(query, { type: 'query' }) as z.infer<typeof listQuery>;
    return this.inbox.list(principal.scope === 'admin' ? undefined : principal.tenant, limit);
  }
}
