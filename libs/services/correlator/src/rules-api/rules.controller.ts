import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Delete, Get, Headers, HttpCode, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { DirectoryRuleCatalog } from './directory-rule-catalog';
import { RulesApiKeys, type RulesApiCaller, type RulesApiRole } from './rules-api-keys';
import { parseOr400, readYamlBody, refuse, ruleFileNameSchema, ruleRefSchema, validateQuerySchema } from './rules-http';
import { RULE_CATALOG, RULES_API_OPTIONS, type RulesCatalogModuleOptions } from './rules-tokens';
import { ruleDetail, ruleSummary } from './rule-views';

/**
 * Rules as content over HTTP. Reads need any key; writes need a write key. A write is validated
 * against the whole catalog first (422 with every error, nothing written), then written
 * atomically into the rules directory and reloaded before the answer, so the rule is active when
 * the caller gets 200/201.
 */
@Controller('v1/rules')
export class RulesController {
  private readonly keys: RulesApiKeys;

  constructor(
    @Inject(RULE_CATALOG) private readonly catalog: DirectoryRuleCatalog,
    @Inject(RULES_API_OPTIONS) private readonly options: RulesCatalogModuleOptions,
  ) {
    this.keys = new RulesApiKeys(options.apiKeys);
  }

  @Get()
  list(@Headers('authorization') authorization: string | undefined) {
    this.authenticate(authorization, 'read');
    const snapshot = this.catalog.current();
    const rules = [...snapshot.detectionRules, ...snapshot.correlationRules].map((rule) => ruleSummary(rule, snapshot));
    return { version: snapshot.version, rules, errors: snapshot.errors.length };
  }

  @Get('errors')
  errors(@Headers('authorization') authorization: string | undefined) {
    this.authenticate(authorization, 'read');
    const snapshot = this.catalog.current();
    return { version: snapshot.version, errors: snapshot.errors, files: snapshot.files };
  }

  @Post('validate')
  @HttpCode(200)
  async validate(@Headers('authorization') authorization: string | undefined, @Req() req: IncomingMessage, @Query() query: unknown) {
    this.authenticate(authorization, 'read');
    const { file } = parseOr400(validateQuerySchema, query, 'query');
    const text = await readYamlBody(req, this.maxBodyBytes);
    // Without a file name the text is checked as a new file beside all the others.
    const { errors } = this.catalog.validate(file ?? '(request body).yml', text);
    return { valid: errors.length === 0, errors };
  }

  @Get(':id')
  one(@Headers('authorization') authorization: string | undefined, @Param('id') id: string) {
    this.authenticate(authorization, 'read');
    const ref = parseOr400(ruleRefSchema, id, 'rule id');
    const snapshot = this.catalog.current();
    const rule = snapshot.rule(ref);
    if (!rule) throw refuse(404, 'Not Found', `no rule has the id or name "${ref}"`);
    return ruleDetail(rule, snapshot);
  }

  @Put(':file')
  async put(
    @Headers('authorization') authorization: string | undefined,
    @Param('file') fileParam: string,
    @Req() req: IncomingMessage,
    @Res({ passthrough: true }) res: ServerResponse,
  ) {
    this.authenticate(authorization, 'write');
    const file = parseOr400(ruleFileNameSchema, fileParam, 'file name');
    const text = await readYamlBody(req, this.maxBodyBytes);
    const result = await this.catalog.write(file, text);
    if (!result.written) throw refuse(422, 'Unprocessable Entity', `${file} was not written: ${result.errors.length} error(s)`, { errors: result.errors });
    res.statusCode = result.created ? 201 : 200;
    const snapshot = this.catalog.current();
    return { file, created: result.created, version: snapshot.version, rules: [...snapshot.detectionRules, ...snapshot.correlationRules].filter((r) => r.file === file).map((r) => r.id ?? r.name ?? r.title) };
  }

  @Delete(':file')
  async remove(@Headers('authorization') authorization: string | undefined, @Param('file') fileParam: string) {
    this.authenticate(authorization, 'write');
    const file = parseOr400(ruleFileNameSchema, fileParam, 'file name');
    const result = await this.catalog.remove(file);
    if (!result.deleted) throw refuse(404, 'Not Found', `no rule file ${file}`);
    const snapshot = this.catalog.current();
    // Deleting is never refused, but what it leaves dangling (e.g. a correlation elsewhere) is reported.
    return { file, deleted: true, version: snapshot.version, errors: snapshot.errors };
  }

  private get maxBodyBytes(): number {
    return this.options.maxBodyBytes ?? 1024 * 1024;
  }

  private authenticate(authorization: string | undefined, needed: RulesApiRole): RulesApiCaller {
    const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    const caller = key ? this.keys.callerOf(key) : undefined;
    if (!caller) throw refuse(401, 'Unauthorized', 'a valid rules API key is required: Authorization: Bearer <key>');
    if (needed === 'write' && caller.role !== 'write') throw refuse(403, 'Forbidden', `the key "${caller.name}" may only read rules`);
    return caller;
  }
}
