import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProblem, ApiResponse, problem, RequireScope, ZodValidationPipe } from '@quell/platform-http';
import type { DirectoryRuleCatalog } from './directory-rule-catalog';
import { RULES_KEY_READ, RULES_KEY_WRITE } from './rules-api-keys';
import { RULE_ERROR_SCHEMA, RULE_FILE_BODY, ruleAnswer } from './rules-api.docs';
import { readYamlBody, ruleFileNameSchema, ruleRefSchema, validateQuerySchema } from './rules-http';
import { RULE_CATALOG, RULES_API_OPTIONS, type RulesCatalogModuleOptions } from './rules-tokens';
import { ruleDetail, ruleSummary } from './rule-views';

const fileName = new ZodValidationPipe(ruleFileNameSchema, 'file name');

const RULE_WRITTEN = { file: { type: 'string' }, created: { type: 'boolean' }, version: { type: 'string' }, rules: { type: 'array', items: { type: 'string' }, description: 'Id (or name, or title) of each rule of the file.' } };

/**
 * Rules as content over HTTP. Reads need any key; writes need a write key. A write is validated
 * against the whole catalog first (422 with every error, nothing written), then written
 * atomically into the rules directory and reloaded before the answer, so the rule is active when
 * the caller gets 200/201.
 */
@Controller('v1/rules')
@RequireScope('read', RULES_KEY_READ)
@ApiOperation({ summary: 'Sigma rules', tags: ['rules'] })
export class RulesController {
  private readonly maxBodyBytes: number;

  constructor(
    @Inject(RULE_CATALOG) private readonly catalog: DirectoryRuleCatalog,
    @Inject(RULES_API_OPTIONS) options: RulesCatalogModuleOptions,
  ) {
    this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  }

  @Get()
  @ApiOperation({ summary: 'List the active rules' })
  @ApiResponse(200, ruleAnswer('The catalog version, a summary of each rule and how many files have errors.', { version: { type: 'string' }, rules: { type: 'array', items: { type: 'object' } }, errors: { type: 'integer' } }))
  list() {
    const snapshot = this.catalog.current();
    const rules = [...snapshot.detectionRules, ...snapshot.correlationRules].map((rule) => ruleSummary(rule, snapshot));
    return { version: snapshot.version, rules, errors: snapshot.errors.length };
  }

  @Get('errors')
  @ApiOperation({ summary: 'Errors of the rule files on disk' })
  @ApiResponse(200, ruleAnswer('Every rule error with its file, line and reason, and the files read.', { version: { type: 'string' }, errors: { type: 'array', items: RULE_ERROR_SCHEMA }, files: { type: 'array', items: { type: 'object' } } }))
  errors() {
    const snapshot = this.catalog.current();
    return { version: snapshot.version, errors: snapshot.errors, files: snapshot.files };
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a rule file against the whole catalog without writing it' })
  @ApiBody(RULE_FILE_BODY)
  @ApiResponse(200, ruleAnswer('Whether the file is valid, and every error.', { valid: { type: 'boolean' }, errors: { type: 'array', items: RULE_ERROR_SCHEMA } }))
  @ApiProblem(413, 'The body is over RULES_API_MAX_BODY_BYTES once inflated.')
  @ApiProblem(415, 'Not YAML or plain text, or a Content-Encoding other than gzip or deflate.')
  async validate(@Req() req: IncomingMessage, @Query(new ZodValidationPipe(validateQuerySchema, 'query')) { file }: { file?: string }) {
    const text = await readYamlBody(req, this.maxBodyBytes);
    // Without a file name the text is checked as a new file beside all the others.
    const { errors } = this.catalog.validate(file ?? '(request body).yml', text);
    return { valid: errors.length === 0, errors };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One rule by id or name' })
  @ApiResponse(200, ruleAnswer('The rule, its source file and its state.', {}))
  @ApiProblem(404, 'No rule has this id or name.')
  one(@Param('id', new ZodValidationPipe(ruleRefSchema, 'rule id')) ref: string) {
    const snapshot = this.catalog.current();
    const rule = snapshot.rule(ref);
    if (!rule) throw problem(404, `no rule has the id or name "${ref}"`);
    return ruleDetail(rule, snapshot);
  }

  @Put(':file')
  @RequireScope('write', RULES_KEY_WRITE)
  @ApiOperation({ summary: 'Write a rule file', description: 'Validated against the whole catalog first (422 with every error, nothing written), then written atomically and reloaded: the rules are active when the answer comes.' })
  @ApiBody(RULE_FILE_BODY)
  @ApiResponse(200, ruleAnswer('The file replaced an existing one.', RULE_WRITTEN))
  @ApiResponse(201, ruleAnswer('The file is new.', RULE_WRITTEN))
  @ApiProblem(413, 'The body is over RULES_API_MAX_BODY_BYTES once inflated.')
  @ApiProblem(415, 'Not YAML or plain text, or a Content-Encoding other than gzip or deflate.')
  @ApiProblem(422, 'The file has errors (each in `errors` with its file, line and reason); nothing was written.')
  async put(@Param('file', fileName) file: string, @Req() req: IncomingMessage, @Res({ passthrough: true }) res: ServerResponse) {
    const text = await readYamlBody(req, this.maxBodyBytes);
    const result = await this.catalog.write(file, text);
    if (!result.written) {
      // Each rule error keeps its file, line and reason, beside the path and message of the problem format.
      const errors = result.errors.map((error) => ({ location: 'body', path: `${error.file}:${error.line}`, message: error.reason, ...error }));
      throw problem(422, `${file} was not written: ${result.errors.length} error(s)`, { errors });
    }
    res.statusCode = result.created ? 201 : 200;
    const snapshot = this.catalog.current();
    return { file, created: result.created, version: snapshot.version, rules: [...snapshot.detectionRules, ...snapshot.correlationRules].filter((r) => r.file === file).map((r) => r.id ?? r.name ?? r.title) };
  }

  @Delete(':file')
  @RequireScope('write', RULES_KEY_WRITE)
  @ApiOperation({ summary: 'Delete a rule file', description: 'Never refused; what the deletion leaves dangling (a correlation naming a deleted rule) is listed in `errors`.' })
  @ApiResponse(200, ruleAnswer('Deleted.', { file: { type: 'string' }, deleted: { type: 'boolean' }, version: { type: 'string' }, errors: { type: 'array', items: RULE_ERROR_SCHEMA } }))
  @ApiProblem(404, 'No rule file has this name.')
  async remove(@Param('file', fileName) file: string) {
    const result = await this.catalog.remove(file);
    if (!result.deleted) throw problem(404, `no rule file ${file}`);
    const snapshot = this.catalog.current();
    // Deleting is never refused, but what it leaves dangling (e.g. a correlation elsewhere) is reported.
    return { file, deleted: true, version: snapshot.version, errors: snapshot.errors };
  }
}
