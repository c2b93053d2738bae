import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLogger, ObservabilityModule, PipelineMetrics } from '@quell/platform-observability';
import type { DirectoryRuleCatalog } from './directory-rule-catalog';
import { RulesCatalogModule } from './rules-catalog.module';
import { RULE_CATALOG } from './rules-tokens';
import { burstRule, detectionRule, eventually, ID_BURST, ID_CURL, ID_WGET } from './rules-api.test-util';

const WRITER = 'Bearer writer-key';
const READER = 'Bearer reader-key';

describe('rules API (Nest app over a temporary rules directory)', () => {
  let app: INestApplication;
  let dir: string;
  let catalog: DirectoryRuleCatalog;
  const metrics = new PipelineMetrics({ service: 'correlator', collectDefaults: false });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quell-rules-api-'));
    writeFileSync(join(dir, 'curl.yml'), detectionRule(ID_CURL, 'curl'));
    const moduleRef = await Test.createTestingModule({
      imports: [
        ObservabilityModule.forRoot({ service: 'correlator', logger: createLogger({ service: 'correlator', level: 'silent' }), metrics }),
        RulesCatalogModule.forRoot({ dir, apiKeys: 'ops:writer-key,soc:reader-key:read', debounceMs: 20, pollIntervalMs: 0, maxBodyBytes: 4096 }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    catalog = app.get(RULE_CATALOG);
  });

  afterEach(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const yaml = (req: request.Test, text: string) => req.set('content-type', 'application/yaml').send(text);

  it('answers 401 without a key or with a wrong one, and 403 when a read key tries to write', async () => {
    expect((await http().get('/v1/rules')).status).toBe(401);
    expect((await http().get('/v1/rules').set('authorization', 'Bearer nope')).status).toBe(401);
    expect((await http().get('/v1/rules').set('authorization', 'Basic writer-key')).status).toBe(401);
    expect((await yaml(http().put('/v1/rules/wget.yml'), detectionRule(ID_WGET, 'wget'))).status).toBe(401);
    const forbidden = await yaml(http().put('/v1/rules/wget.yml').set('authorization', READER), detectionRule(ID_WGET, 'wget'));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'the key "soc" may only read rules' });
    expect((await http().delete('/v1/rules/curl.yml').set('authorization', READER)).status).toBe(403);
    expect(existsSync(join(dir, 'wget.yml'))).toBe(false);
  });

  it('lists the rules with id, title, level, author, file and status, and shows one', async () => {
    const list = await http().get('/v1/rules').set('authorization', READER);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      version: catalog.current().version,
      errors: 0,
      rules: [
        { id: ID_CURL, name: null, title: 'curl download', kind: 'detection', level: 'medium', status: 'test', author: 'Quell tests', tags: ['attack.command-and-control'], file: 'curl.yml', line: 1, servedFrom: 'current' },
      ],
    });
    const one = await http().get(`/v1/rules/${ID_CURL}`).set('authorization', READER);
    expect(one.body).toMatchObject({ id: ID_CURL, logsource: { product: 'linux', category: 'process_creation' }, tactics: ['command-and-control'] });
    expect((await http().get('/v1/rules/no-such-rule').set('authorization', READER)).status).toBe(404);
  });

  it('validates without writing, with the line of each error', async () => {
    const bad = await yaml(http().post('/v1/rules/validate').set('authorization', READER), detectionRule(ID_WGET, 'wget', 'loud'));
    expect(bad.status).toBe(200);
    expect(bad.body).toEqual({ valid: false, errors: [{ file: '(request body).yml', line: 4, reason: 'level "loud" is not one of informational, low, medium, high, critical' }] });
    const good = await yaml(http().post('/v1/rules/validate?file=curl.yml').set('authorization', READER), detectionRule(ID_CURL, 'curl', 'high'));
    expect(good.body).toEqual({ valid: true, errors: [] });
    // The same id under another file name clashes with curl.yml.
    const clash = await yaml(http().post('/v1/rules/validate').set('authorization', READER), detectionRule(ID_CURL, 'curl'));
    expect(clash.body.errors[0].reason).toBe(`rule id ${ID_CURL} is already defined in curl.yml:1`);
    expect(readdirSync(dir)).toEqual(['curl.yml']);
  });

  it('refuses an invalid rule file with 422 and its errors with line numbers, writing nothing', async () => {
    const res = await yaml(http().put('/v1/rules/wget.yml').set('authorization', WRITER), detectionRule(ID_WGET, 'wget').replace('condition: selection', 'condition: selection or'));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ status: 422, errors: [{ file: 'wget.yml', line: 14, reason: expect.stringMatching(/^condition "selection or"/) }] });
    const yamlError = await yaml(http().put('/v1/rules/wget.yml').set('authorization', WRITER), 'title: ok\ndetection:\n  selection: [a\n');
    expect(yamlError.status).toBe(422);
    expect(yamlError.body.errors[0]).toMatchObject({ file: 'wget.yml', line: expect.any(Number), reason: expect.stringMatching(/^YAML/) });
    expect(readdirSync(dir)).toEqual(['curl.yml']);
  });

  it('writes a valid rule file atomically and the rule is active when the answer arrives', async () => {
    const created = await yaml(http().put('/v1/rules/burst.yml').set('authorization', WRITER), burstRule(ID_BURST, ID_CURL));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ file: 'burst.yml', created: true, version: catalog.current().version, rules: [ID_BURST] });
    expect(catalog.current().correlations.get(ID_BURST)?.rules).toEqual([ID_CURL]);
    expect(readdirSync(dir).sort()).toEqual(['burst.yml', 'curl.yml']);
    const replaced = await yaml(http().put('/v1/rules/burst.yml').set('authorization', WRITER), burstRule(ID_BURST, ID_CURL).replace('gte: 3', 'gte: 5'));
    expect(replaced.status).toBe(200);
    expect(catalog.current().correlations.get(ID_BURST)?.comparisons).toEqual({ gte: 5 });
    const listed = await http().get('/v1/rules').set('authorization', READER);
    expect(listed.body.rules.map((r: { id: string }) => r.id)).toEqual([ID_CURL, ID_BURST]);
  });

  it('keeps serving the last good version of a file broken on disk, and reports it under /errors', async () => {
    writeFileSync(join(dir, 'curl.yml'), detectionRule(ID_CURL, 'curl').replace('level: medium', 'level: loud'));
    await eventually(() => (catalog.current().errors.length > 0 ? true : undefined));
    const errors = await http().get('/v1/rules/errors').set('authorization', READER);
    expect(errors.body.errors).toEqual([{ file: 'curl.yml', line: 4, reason: expect.stringMatching(/^level "loud"/), servingPrevious: true }]);
    const list = await http().get('/v1/rules').set('authorization', READER);
    expect(list.body.rules).toEqual([expect.objectContaining({ id: ID_CURL, level: 'medium', servedFrom: 'previous' })]);
    expect(await metrics.render()).toMatch(/quell_rules_reloads_total\{result="with_errors",service="correlator"\} \d/);
  });

  it('rejects path traversal and other file names with 400', async () => {
    for (const name of ['..%2F..%2Fetc%2Fcron.yml', '..%2Fescape.yml', '.hidden.yml', 'sub%2Fdir.yml', 'rule.yaml', 'rule.txt', 'a..yml', '%2Fetc%2Fpasswd.yml']) {
      const res = await yaml(http().put(`/v1/rules/${name}`).set('authorization', WRITER), detectionRule(ID_WGET, 'wget'));
      expect([name, res.status]).toEqual([name, 400]);
      expect(res.body.detail).toMatch(/^file name: /);
    }
    expect((await http().delete('/v1/rules/..%2Fcurl.yml').set('authorization', WRITER)).status).toBe(400);
    expect(readdirSync(dir)).toEqual(['curl.yml']);
    expect(readdirSync(join(dir, '..')).includes('escape.yml')).toBe(false);
  });

  it('limits the body size and requires a YAML content type', async () => {
    const big = await yaml(http().put('/v1/rules/big.yml').set('authorization', WRITER), `${detectionRule(ID_WGET, 'wget')}# ${'x'.repeat(5000)}\n`);
    expect(big.status).toBe(413);
    const json = await http().put('/v1/rules/j.yml').set('authorization', WRITER).set('content-type', 'application/json').send('{"title":"x"}');
    expect(json.status).toBe(415);
    const empty = await yaml(http().put('/v1/rules/e.yml').set('authorization', WRITER), '');
    expect(empty.status).toBe(400);
    expect((await yaml(http().post('/v1/rules/validate?file=..%2Fx.yml').set('authorization', READER), 'title: x')).status).toBe(400);
    expect((await yaml(http().post('/v1/rules/validate?other=1').set('authorization', READER), 'title: x')).status).toBe(400);
  });

  it('deletes a file (404 when missing) and reports what the deletion left dangling', async () => {
    await yaml(http().put('/v1/rules/burst.yml').set('authorization', WRITER), burstRule(ID_BURST, ID_CURL));
    const res = await http().delete('/v1/rules/curl.yml').set('authorization', WRITER);
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([{ file: 'burst.yml', line: 8, reason: expect.stringMatching(/references "1111/) }]);
    expect(catalog.current().detectionRules).toEqual([]);
    expect((await http().delete('/v1/rules/curl.yml').set('authorization', WRITER)).status).toBe(404);
  });
});

describe('RulesCatalogModule lifecycle', () => {
  it('stops watching the directory when the app shuts down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-rules-api-'));
    const moduleRef = await Test.createTestingModule({ imports: [RulesCatalogModule.forRoot({ dir, apiKeys: 'ops:k' })] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const stop = jest.spyOn(app.get<DirectoryRuleCatalog>(RULE_CATALOG), 'stop');
    await app.close();
    expect(stop).toHaveBeenCalledTimes(1);
  });
});

describe('RulesCatalogModule without keys', () => {
  it('answers 401 to every call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-rules-api-'));
    // No ObservabilityModule either: the catalog runs without a logger or a metrics registry.
    const moduleRef = await Test.createTestingModule({ imports: [RulesCatalogModule.forRoot({ dir, pollIntervalMs: 0 })] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    expect((await request(app.getHttpServer()).get('/v1/rules').set('authorization', 'Bearer anything')).status).toBe(401);
    await app.close();
  });
});
