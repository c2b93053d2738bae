import type { z } from 'zod';

/** A JSON Schema written by hand, for what no zod schema describes (a YAML file, an NDJSON line). */
export type JsonSchema = Record<string, unknown>;

/** A schema as a route declares it: zod (converted) or JSON Schema (taken as is). */
export type DeclaredSchema = z.ZodType | JsonSchema;

export interface ApiOperationOptions {
  summary: string;
  description?: string;
  tags?: string[];
}

export interface ApiMediaType {
  schema?: DeclaredSchema;
  example?: unknown;
}

export interface ApiResponseOptions {
  description: string;
  /** Content by media type; `{ 'application/json': { schema } }` for a JSON answer. */
  content?: Record<string, ApiMediaType>;
  headers?: Record<string, { description: string; schema?: JsonSchema }>;
}

export interface ApiBodyOptions {
  description?: string;
  required?: boolean;
  /** Every media type the route reads, e.g. NDJSON and text lines beside JSON. */
  content: Record<string, ApiMediaType>;
}

export const API_OPERATION = Symbol('quell.openapi.operation');
export const API_RESPONSES = Symbol('quell.openapi.responses');
export const API_BODY = Symbol('quell.openapi.body');
export const API_QUERY = Symbol('quell.openapi.query');
export const API_HIDDEN = Symbol('quell.openapi.hidden');
export const API_HEADERS = Symbol('quell.openapi.headers');

export interface ApiHeaderOptions {
  name: string;
  description: string;
  required?: boolean;
  schema?: JsonSchema;
}

/** Responses declared on a handler, by status (`default` for the rest). */
export type DeclaredResponses = Record<string, ApiResponseOptions & { problem?: boolean }>;

function addResponse(status: number | 'default', response: ApiResponseOptions & { problem?: boolean }): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const existing = (Reflect.getMetadata(API_RESPONSES, handler) ?? {}) as DeclaredResponses;
    Reflect.defineMetadata(API_RESPONSES, { ...existing, [String(status)]: response }, handler);
    return descriptor;
  };
}

function setOn(key: symbol, value: unknown): MethodDecorator & ClassDecorator {
  // On a method the metadata sits on the handler function (as Nest's own), on a class on the class.
  const decorator = (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    Reflect.defineMetadata(key, value, descriptor ? (descriptor.value as object) : target);
  };
  return decorator as MethodDecorator & ClassDecorator;
}

/** What the route does, in the OpenAPI document. On a class: the tags of its routes. */
export const ApiOperation = (options: ApiOperationOptions): MethodDecorator & ClassDecorator => setOn(API_OPERATION, options);

/** A successful answer of the route (its status and, for a body, the schema). */
export const ApiResponse = (status: number, options: ApiResponseOptions): MethodDecorator => addResponse(status, options);

/** An error answer of the route, as problem+json, with what it means here (`413: the body is over INGEST_MAX_BODY_BYTES`). */
export const ApiProblem = (status: number, description: string, headers?: ApiResponseOptions['headers']): MethodDecorator =>
  addResponse(status, { description, headers, problem: true });

/**
 * The body of a route that reads the request stream itself (no `@Body()` pipe): its media types and
 * schemas. A route with `@Body(new ZodValidationPipe(schema))` needs none: the pipe's schema is documented.
 */
export const ApiBody = (options: ApiBodyOptions): MethodDecorator => setOn(API_BODY, options);

/**
 * Query parameters of a route that reads them without a validation pipe. Prefer
 * `@Query(new ZodValidationPipe(schema))`, documented from the same schema that validates.
 */
export const ApiQuery = (schema: z.ZodObject): MethodDecorator => setOn(API_QUERY, schema);

/** A request header the route reads from the request itself (e.g. `Idempotency-Key`). */
export const ApiHeader = (header: ApiHeaderOptions): MethodDecorator => (_target, _key, descriptor) => {
  const handler = descriptor.value as object;
  Reflect.defineMetadata(API_HEADERS, [...((Reflect.getMetadata(API_HEADERS, handler) ?? []) as ApiHeaderOptions[]), header], handler);
  return descriptor;
};

/** Leaves a route (or a whole controller) out of the OpenAPI document. */
export const ApiHidden = (): MethodDecorator & ClassDecorator => setOn(API_HIDDEN, true);
