import { Body, Controller, Get, HttpCode, Module, Param, Post, Query, ServiceUnavailableException, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { z } from 'zod';
import { createLogger, ObservabilityModule, PipelineMetrics } from '@quell/platform-observability';
import type { ApiKeyPrincipal } from './api-keys/api-key-entry';
import { API_KEY_STORE, ApiKeyStore } from './api-keys/api-key-store';
import { Principal, Tenant } from './auth/principal.decorators';
import { RequireScope } from './auth/require-scope.decorator';
import { HttpApiModule } from './http-api.module';
import { problem } from './problem/problem-details';
import { ZodValidationPipe } from './validation/zod-validation.pipe';

const noteSchema = z.object({ title: z.string().min(1), severity: z.enum(['low', 'high']), tags: z.array(z.string()).max(2).optional() }).strict();
const listQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) }).strict();

@Controller('v1/notes')
@RequireScope('read')
class NotesController {
  @Get()
  list(@Tenant() tenant: string, @Query(new ZodValidationPipe(listQuerySchema)) query: z.output<typeof listQuerySchema>) {
    return { tenant, limit: query.limit };
  }

  @Post()
  @HttpCode(201)
  @RequireScope('write')
  create(@Principal() principal: ApiKeyPrincipal, @Body(new ZodValidationPipe(noteSchema)) note: z.output<typeof noteSchema>) {
    return { tenant: principal.tenant, by: principal.name, note };
  }

  @Post('purge')
  @RequireScope('admin', { forbidden: 'may not purge notes' })
  purge() {
    return { purged: true };
  }

  @Get(':id')
  one(@Param('id', new ZodValidationPipe(z.string().uuid('not a UUID'), 'note id')) id: string) {
    if (id.startsWith('0')) throw problem(404, `no note ${id}`);
    if (id.startsWith('1')) throw new Error('connection to db-7.internal:5432 refused');
    if (id.startsWith('2')) throw new ServiceUnavailableException('pool exhausted at 10.0.0.7');
    throw problem(503, 'the pipeline is saturated', { extensions: { reason: 'pipeline_saturated' }, headers: { 'Retry-After': '2' } });
  }
}

@Module({
  imports: [HttpApiModule],
  controllers: [NotesController],
  providers: [{ provide: API_KEY_STORE, useValue: ApiKeyStore.fromList('acme:reader:read:r-key,acme:writer:write:w-key,globex:ops:admin:a-key') }],
})
class NotesModule {}

describe('HTTP API kit in a Nest app', () => {
  let app: INestApplication;
  const lines: object[] = [];

  beforeAll(async () => {
    const logger = createLogger({ service: 'notes', level: 'error', destination: { write: (line: string) => lines.push(JSON.parse(line)) } });
    const moduleRef = await Test.createTestingModule({
      imports: [ObservabilityModule.forRoot({ service: 'notes', logger, metrics: new PipelineMetrics({ service: 'notes', collectDefaults: false }) }), NotesModule],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.use((req: { id?: string }, _res: unknown, next: () => void) => {
      req.id = 'req-42';
      next();
    });
    await app.init();
  });

  afterAll(() => app.close());

  const http = () => request(app.getHttpServer());

  describe('ApiKeyGuard', () => {
    it('answers 401 problem+json with WWW-Authenticate: Bearer without a key, with an unknown one or another scheme', async () => {
      for (const authorization of [undefined, 'Bearer nope', 'Basic r-key']) {
        const req = http().get('/v1/notes');
        const res = await (authorization ? req.set('authorization', authorization) : req);
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer');
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toEqual({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'a valid API key is required: Authorization: Bearer <key>' });
      }
    });

    it('answers 403 when the key has too small a scope, with the route message when it has one', async () => {
      const res = await http().post('/v1/notes').set('authorization', 'Bearer r-key').send({ title: 'x', severity: 'low' });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'the key "reader" has the read scope; this needs write' });
      const purge = await http().post('/v1/notes/purge').set('authorization', 'Bearer w-key');
      expect(purge.body).toMatchObject({ status: 403, detail: 'the key "writer" may not purge notes' });
      expect((await http().post('/v1/notes/purge').set('authorization', 'Bearer a-key')).status).toBe(201);
    });

    it('takes the tenant from the key, never from the body', async () => {
      expect((await http().get('/v1/notes').set('authorization', 'Bearer w-key')).body).toEqual({ tenant: 'acme', limit: 10 });
      const res = await http().post('/v1/notes').set('authorization', 'Bearer a-key').send({ title: 'x', severity: 'high', tenant: 'acme' });
      // The body names a tenant: a strict schema refuses the field rather than letting it choose.
      expect(res.status).toBe(400);
      const created = await http().post('/v1/notes').set('authorization', 'Bearer a-key').send({ title: 'x', severity: 'high' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ tenant: 'globex', by: 'ops', note: { title: 'x', severity: 'high' } });
    });
  });

  describe('ZodValidationPipe', () => {
    it('lists every invalid body field with its path and message', async () => {
      const res = await http().post('/v1/notes').set('authorization', 'Bearer w-key').send({ title: '', severity: 'urgent', tags: ['a', 3], extra: 1 });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: 'urn:quell:problem:invalid-request', title: 'Bad Request', status: 400, detail: expect.stringMatching(/^body: title: .*; severity: .*; tags\.1: .*; .*extra/) });
      expect(res.body.errors.map((e: { location: string; path: string }) => `${e.location}:${e.path}`)).toEqual(['body:title', 'body:severity', 'body:tags.1', 'body:']);
      expect(res.body.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
    });

    it('validates and transforms the query and params', async () => {
      expect((await http().get('/v1/notes?limit=5').set('authorization', 'Bearer r-key')).body).toEqual({ tenant: 'acme', limit: 5 });
      const query = await http().get('/v1/notes?limit=500&sort=x').set('authorization', 'Bearer r-key');
      expect(query.status).toBe(400);
      expect(query.body.errors).toEqual([
        { location: 'query', path: 'limit', message: expect.any(String) },
        { location: 'query', path: '', message: expect.stringMatching(/sort/) },
      ]);
      const param = await http().get('/v1/notes/not-a-uuid').set('authorization', 'Bearer r-key');
      expect(param.body).toMatchObject({ status: 400, detail: 'note id: not a UUID', errors: [{ location: 'param', path: '', message: 'not a UUID' }] });
    });
  });

  describe('ProblemDetailsFilter', () => {
    const ID = (first: string) => `${first}1111111-1111-4111-8111-111111111111`;

    it('answers a thrown problem as it is, and the router 404 as a problem', async () => {
      const res = await http().get(`/v1/notes/${ID('0')}`).set('authorization', 'Bearer r-key');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: `no note ${ID('0')}` });
      // The query is left out of the detail: a mistyped URL may carry a secret.
      const route = await http().get('/v1/nothing-here?api_key=s3cret');
      expect(route.status).toBe(404);
      expect(route.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(route.body).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'Cannot GET /v1/nothing-here' });
    });

    it('answers 500 without internals, logged with the request id', async () => {
      for (const first of ['1', '2']) {
        lines.length = 0;
        const res = await http().get(`/v1/notes/${ID(first)}`).set('authorization', 'Bearer r-key');
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toEqual({
          type: 'about:blank',
          title: first === '1' ? 'Internal Server Error' : 'Service Unavailable',
          status: first === '1' ? 500 : 503,
          detail: 'the server failed to answer this request; quote request id req-42 to the operators',
          requestId: 'req-42',
        });
        expect(JSON.stringify(res.body)).not.toMatch(/db-7|10\.0\.0\.7/);
        expect(lines).toEqual([expect.objectContaining({ level: 'error', requestId: 'req-42', msg: 'HTTP request failed', err: expect.objectContaining({ message: expect.stringMatching(/db-7|10\.0\.0\.7/) }) })]);
      }
    });

    it('keeps the extensions and headers of a deliberate 5xx (reason, Retry-After)', async () => {
      const res = await http().get(`/v1/notes/${ID('3')}`).set('authorization', 'Bearer r-key');
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.body).toEqual({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'the pipeline is saturated', reason: 'pipeline_saturated', requestId: 'req-42' });
    });
  });
});
