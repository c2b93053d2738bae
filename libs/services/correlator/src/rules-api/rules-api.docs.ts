import type { ApiBodyOptions, ApiResponseOptions, JsonSchema } from '@quell/platform-http';

/** One error of a rule file, as the catalog reports it. */
export const RULE_ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { file: { type: 'string' }, line: { type: 'integer' }, reason: { type: 'string' } },
};

/** The body of a rule write or check: the YAML text of one rule file, read from the stream by readYamlBody. */
export const RULE_FILE_BODY: ApiBodyOptions = {
  description: 'The YAML text of one Sigma rule file (detection or correlation rules, `---` between documents); `Content-Encoding: gzip` or `deflate` accepted.',
  content: {
    'application/yaml': { schema: { type: 'string' }, example: 'title: Whoami\nid: 5f4f4e2a-0000-4000-8000-000000000001\nlogsource: { product: linux }\ndetection: { sel: { CommandLine|contains: whoami }, condition: sel }\n' },
    'text/plain': { schema: { type: 'string' } },
  },
};

/** A JSON answer whose top-level fields are `properties`. */
export function ruleAnswer(description: string, properties: Record<string, JsonSchema>): ApiResponseOptions {
  return { description, content: { 'application/json': { schema: { type: 'object', properties } } } };
}
