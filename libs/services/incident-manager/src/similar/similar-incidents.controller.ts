import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiProblem, ApiQuery, ApiResponse, RequireScope, Tenant, ZodValidationPipe } from '@quell/platform-http';
import { z } from 'zod';
import { incidentIdSchema } from '../api/incident-requests';
import { SimilarIncidents } from './similar-incidents';

/** The most past incidents one answer lists. */
export const SIMILAR_MAX_LIMIT = 20;

export const similarQuerySchema = z
  .object({ limit: z.coerce.number().int().min(1).max(SIMILAR_MAX_LIMIT).default(5).describe(`How many similar incidents, 1–${SIMILAR_MAX_LIMIT} (default 5).`) })
  .strict();

const share = z.object({
  shared: z.array(z.string()).describe('What both incidents have (entities as type:value).'),
  jaccard: z.number().describe('|A ∩ B| / |A ∪ B| of this dimension.'),
  weight: z.number(),
  contribution: z.number().describe('weight × jaccard: this dimension’s part of the score.'),
});
/** For the OpenAPI document: the answer's shape (SimilarIncidentsAnswer). */
const answerSchema = z.object({
  incidentId: z.string(),
  compared: z.object({ ruleIds: z.array(z.string()), techniques: z.array(z.string()), entities: z.array(z.string()) }),
  method: z.object({ formula: z.string(), weights: z.object({ rules: z.number(), techniques: z.number(), entities: z.number() }), compared: z.string() }),
  similar: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: z.string(),
      score: z.number().describe('0.5·J(rules) + 0.3·J(techniques) + 0.2·J(entities), rounded to 4 places.'),
      resolution: z.string().nullable(),
      resolutionNote: z.string().nullable().describe('What the analyst wrote when resolving it (e.g. "after the backup job ran").'),
      resolvedAt: z.string().describe('ISO 8601.'),
      timeToResolveMs: z.number().int().describe('First seen → resolved.'),
      explanation: z.object({ rules: share, techniques: share, entities: share }),
      summary: z.string(),
    }),
  ),
});

const incidentId = new ZodValidationPipe(incidentIdSchema, 'incident id');
const query = new ZodValidationPipe(similarQuerySchema, 'query');

/** Similar past incidents of the key's tenant, each score explained. */
@Controller('v1/incidents')
@RequireScope('read')
@ApiOperation({ summary: 'Incidents', tags: ['incidents'] })
export class SimilarIncidentsController {
  constructor(private readonly similar: SimilarIncidents) {}

  @Get(':id/similar')
  @ApiQuery(similarQuerySchema)
  @ApiOperation({
    summary: 'Resolved incidents like this one',
    description:
      'The most similar resolved or closed incidents of the tenant, best first: score = 0.5·J(rules) + 0.3·J(techniques) + 0.2·J(entities) (Jaccard indexes). Each answer names what it shares, each dimension’s index, weight and contribution, how it was resolved and how long that took.',
  })
  @ApiResponse(200, { description: 'The incident compared, the method, and the similar incidents best first.', content: { 'application/json': { schema: answerSchema } } })
  @ApiProblem(400, 'A limit outside 1–20, or an unknown query parameter.')
  @ApiProblem(404, 'No incident has this id in the key’s tenant’s incident history.')
  find(@Tenant() tenant: string, @Param('id', incidentId) id: string, @Query(query) input: z.output<typeof similarQuerySchema>) {
    return this.similar.of(tenant, id, input.limit);
  }
}
