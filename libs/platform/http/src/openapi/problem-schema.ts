import type { JsonSchema } from './api-docs.decorators';

/** The RFC 9457 body of every Quell error (see ProblemDetails), as the document's `Problem` schema. */
export const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details. Other members are extensions a route documents (e.g. `reason`).',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', description: 'The kind of problem: `about:blank` when the status says it all, else `urn:quell:problem:<name>`.' },
    title: { type: 'string', description: 'The status text, e.g. `Payload Too Large`.' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'What went wrong with this request.' },
    requestId: { type: 'string', description: 'The X-Request-Id of the request, to quote to the operators.' },
    errors: {
      type: 'array',
      description: 'Every invalid field of the request.',
      items: {
        type: 'object',
        required: ['location', 'path', 'message'],
        properties: {
          location: { type: 'string', description: '`body`, `query`, `param`, …' },
          path: { type: 'string', description: 'Dotted path of the field within it, empty for the whole value.' },
          message: { type: 'string' },
        },
      },
    },
  },
  additionalProperties: true,
};
