import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { ApiBody, ApiOperation, problem, RequireScope, Tenant, ZodValidationPipe } from '@quell/platform-http';
import { MAX_ROWS, QueryRunner } from './query-runner';
import type { SavedQuery } from './saved-queries';

export const SAVED_QUERIES = Symbol('SAVED_QUERIES');
export const QUERY_RUNNER = Symbol('QUERY_RUNNER');

const MAX_SQL_LENGTH = 20_000;
const paramValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const params = z.record(z.string(), paramValue).default({});
const limit = z.number().int().min(1).max(MAX_ROWS).default(1000);
const savedInput = z.object({ params, limit }).strict();
const sqlInput = z
  .object({
    sql: z.string().trim().min(1).max(MAX_SQL_LENGTH).describe('One SELECT (or WITH … SELECT); values as {name:Type} placeholders filled from params; {database:Identifier} is the server\'s.'),
    params,
    limit,
  })
  .strict();
const body = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } } });

/**
 * Investigations while the all-in-one runs: the saved queries of docs/investigations.md, for the
 * key's tenant; and ad-hoc SELECTs for admin keys, which see every tenant (as with dead letters):
 * a statement is not confined to one tenant's rows, so it is not offered to a tenant's own keys.
 */
@Controller('v1/queries')
@RequireScope('read')
@ApiOperation({ summary: 'Investigation queries', tags: ['queries'] })
export class QueriesController {
  constructor(
    @Inject(SAVED_QUERIES) private readonly saved: ReadonlyMap<string, SavedQuery>,
    @Inject(QUERY_RUNNER) private readonly runner: QueryRunner,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The saved queries: name, title, purpose and the parameters each takes' })
  list() {
    return { items: [...this.saved.values()].map(({ name, title, purpose, params }) => ({ name, title, purpose, params })) };
  }

  // Before ':name', which would otherwise take "sql" for a saved query's name.
  @Post('sql')
  @HttpCode(200)
  @RequireScope('admin', { forbidden: 'may not run ad-hoc SQL: it reads every tenant\'s history, so it takes an admin key (saved queries need only read)' })
  @ApiBody(body(sqlInput))
  @ApiOperation({ summary: "Runs one read-only SELECT over every tenant's rows (admin keys): at most limit rows, 10 s and 1 GiB" })
  sql(@Body(new ZodValidationPipe(sqlInput)) input: z.output<typeof sqlInput>) {
    return this.runner.adHoc(input.sql, input.params, input.limit);
  }

  @Post(':name')
  @HttpCode(200)
  @ApiBody(body(savedInput))
  @ApiOperation({ summary: "Runs a saved query for the key's tenant, at most limit rows and 10 s" })
  run(@Tenant() tenant: string, @Param('name') name: string, @Body(new ZodValidationPipe(savedInput)) input: z.output<typeof savedInput>) {
    const query = this.saved.get(name);
    if (!query) throw problem(404, `no saved query "${name}" (GET /v1/queries lists them)`);
    return this.runner.saved(query, tenant, input.params, input.limit);
  }
}
