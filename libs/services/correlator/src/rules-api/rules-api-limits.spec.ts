import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { setUpHttpServer } from '@quell/platform-http';
import { createLogger } from '@quell/platform-observability';
import type { DirectoryRuleCatalog } from './directory-rule-catalog';
import { RulesCatalogModule } from './rules-catalog.module';
import { RULE_CATALOG } from './rules-tokens';
import { detectionRule, ID_BURST, ID_CURL, ID_WGET } from './rules-api.test-util';

/**
 * Hostile YAML through the rules API and the rules directory (issue 9): a bomb is an ordinary
 * rule error — 422 on PUT, `valid: false` on validate, a file/line entry under /errors — and the
 * other files stay served; a YAML body sent as another media type is answered 415.
 */
const WRITER = 'Bearer writer-key';
const READER = 'Bearer reader-key';

/** A valid rule plus 120 references to one of its anchors. */
const ALIAS_BOMB = `${detectionRule(ID_WGET, 'wget').replace("Image|endswith: '/wget'", "Image|endswith: &tool '/wget'")}fields:\n${'    - *tool\n'.repeat(120)}`;
const BILLION_LAUGHS = (() => {
  let text = 'title: laughs\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < 9; i++) text += `l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
  return text;
})();
const DEEP = `title: deep\ndetection: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;

describe('rules API with hostile YAML', () => {
  let app: INestApplication;
  let dir: string;
  let catalog: DirectoryRuleCatalog;

  async function startApp(files: Record<string, string>): Promise<void> {
    dir = mkdtempSync(join(tmpdir(), 'quell-rules-limits-'));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    const moduleRef = await Test.createTestingModule({
      imports: [RulesCatalogModule.forRoot({ dir, apiKeys: 'ops:writer-key,soc:reader-key:read', debounceMs: 20, pollIntervalMs: 0, maxBodyBytes: 512 * 1024 })],
    }).compile();
    // As startServiceApp builds every service app: Nest's body parsers off, the kit's reader instead.
    app = moduleRef.createNestApplication({ logger: false, bodyParser: false });
    setUpHttpServer(app, { logger: createLogger({ service: 'correlator', level: 'silent' }), maxBodyBytes: 1024 * 1024 });
    await app.init();
    catalog = app.get(RULE_CATALOG);
  }

  afterEach(async () => {
    await app?.close();
  });

  const http = () => request(app.getHttpServer());
  const yaml = (req: request.Test, text: string) => req.set('content-type', 'application/yaml').send(text);

  it('answers PUT with 422 and validate with the errors for each bomb, writing nothing', async () => {
    await startApp({ 'curl.yml': detectionRule(ID_CURL, 'curl') });
    const cases: [string, number, RegExp][] = [
      [ALIAS_BOMB, 116, /^YAML: uses 120 aliases, at most 100 allowed$/],
      [BILLION_LAUGHS, 5, /^YAML: aliases expand to more than 100 nodes/],
      [DEEP, 2, /^YAML: nested deeper than 64 levels$/],
    ];
    for (const [text, line, reason] of cases) {
      const put = await yaml(http().put('/v1/rules/bomb.yml').set('authorization', WRITER), text);
      expect(put.status).toBe(422);
      expect(put.body).toMatchObject({ status: 422, title: 'Unprocessable Entity', errors: [{ file: 'bomb.yml', line, reason: expect.stringMatching(reason) }] });
      const validate = await yaml(http().post('/v1/rules/validate').set('authorization', READER), text);
      expect(validate.status).toBe(200);
      expect(validate.body).toEqual({ valid: false, errors: [{ file: '(request body).yml', line, reason: expect.stringMatching(reason) }] });
    }
    expect(readdirSync(dir)).toEqual(['curl.yml']);
    expect((await http().get('/v1/rules').set('authorization', READER)).body.rules.map((r: { id: string }) => r.id)).toEqual([ID_CURL]);
  });

  it('starts with a bomb in the rules directory, serves the rest, lists the error, and loads later valid files', async () => {
    await startApp({ 'curl.yml': detectionRule(ID_CURL, 'curl'), 'aliases.yml': ALIAS_BOMB, 'laughs.yml': BILLION_LAUGHS, 'deep.yml': DEEP });
    const errors = await http().get('/v1/rules/errors').set('authorization', READER);
    expect(errors.status).toBe(200);
    expect(errors.body.errors).toEqual([
      { file: 'aliases.yml', line: 116, reason: 'YAML: uses 120 aliases, at most 100 allowed' },
      { file: 'deep.yml', line: 2, reason: 'YAML: nested deeper than 64 levels' },
      { file: 'laughs.yml', line: 5, reason: expect.stringMatching(/^YAML: aliases expand/) },
    ]);
    expect(catalog.current().detectionRules.map((r) => r.id)).toEqual([ID_CURL]);
    // A valid file dropped in later is loaded by the next reload, bombs notwithstanding.
    writeFileSync(join(dir, 'burst.yml'), detectionRule(ID_BURST, 'burst'));
    const reload = await catalog.reload('test');
    expect(reload.outcome).toBe('with_errors');
    expect(catalog.current().detectionRules.map((r) => r.id)).toEqual([ID_BURST, ID_CURL]);
    // And a file turned into a bomb keeps serving its last good rules.
    writeFileSync(join(dir, 'curl.yml'), ALIAS_BOMB.replace(ID_WGET, ID_CURL));
    await catalog.reload('test');
    const list = await http().get('/v1/rules').set('authorization', READER);
    expect(list.body.rules).toEqual(expect.arrayContaining([expect.objectContaining({ id: ID_CURL, servedFrom: 'previous' })]));
    expect(catalog.current().errors.find((e) => e.file === 'curl.yml')).toEqual({ file: 'curl.yml', line: 116, reason: 'YAML: uses 120 aliases, at most 100 allowed', servingPrevious: true });
  });

  it.each([
    ['application/json', 'title: x\ndetection: {}\n'],
    ['application/json', '{"title": "x"}'],
    ['application/JSON; charset=utf-8', 'title: x\n'],
    ['application/xml', '<rule/>'],
    ['multipart/form-data; boundary=x', '--x--'],
    ['application/x-www-form-urlencoded', 'title=x'],
    ['application/x-www-form-urlencoded', `title=${'x'.repeat(200_000)}`],
  ])('answers 415 for a body sent as %s, on PUT and validate, in any letter case of the path', async (type, body) => {
    await startApp({});
    for (const req of [http().put('/v1/rules/x.yml').set('authorization', WRITER), http().post('/V1/Rules/validate').set('authorization', READER)]) {
      const res = await req.set('content-type', type).send(body);
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ status: 415, title: 'Unsupported Media Type', detail: expect.stringMatching(/^send the rule file as application\/yaml/) });
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});
