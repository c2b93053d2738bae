import { RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { REQUIRED_SCOPE, type ScopeRequirement } from '../auth/scope-requirement';
import { PROBLEM_CONTENT_TYPE } from '../problem/problem-details';
import { REQUEST_ID_HEADER } from '../request-id/request-id';
import { routeArguments, routeHandlerNames, type RouteArgument } from '../routes/route-arguments';
import {
  API_BODY,
  API_HEADERS,
  API_HIDDEN,
  API_OPERATION,
  API_QUERY,
  API_RESPONSES,
  type ApiBodyOptions,
  type ApiHeaderOptions,
  type ApiOperationOptions,
  type DeclaredResponses,
  type JsonSchema,
} from './api-docs.decorators';
import { toOpenApiSchema, type SchemaComponents } from './json-schema';
import { PROBLEM_SCHEMA } from './problem-schema';
import type { z } from 'zod';

export interface OpenApiDocumentOptions {
  title: string;
  version: string;
  description?: string;
  /** Every controller of the service; message handlers (no HTTP route) are skipped. */
  controllers: readonly Type[];
}

export type OpenApiDocument = Record<string, unknown> & { openapi: string; paths: Record<string, Record<string, JsonSchema>> };

const DOCUMENTED_METHODS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.DELETE]: 'delete',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.HEAD]: 'head',
  [RequestMethod.OPTIONS]: 'options',
};

// Headers the document covers otherwise: the security scheme, the request id and content negotiation.
const IMPLICIT_HEADERS = new Set(['authorization', 'content-type', 'content-length', 'content-encoding', 'accept', REQUEST_ID_HEADER]);

const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } };
const requestIdHeader = { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } };

/**
 * The OpenAPI 3.1 document of a service, from its controllers' own route metadata: paths and methods
 * from the Nest decorators, parameters and JSON bodies from the zod schemas of their validation pipes,
 * security from @RequireScope, and what only a document needs (summaries, raw-read bodies, answers)
 * from the Api* decorators. Every operation lists problem+json for its errors.
 */
export function buildOpenApiDocument(options: OpenApiDocumentOptions): OpenApiDocument {
  const schemas: SchemaComponents = { Problem: PROBLEM_SCHEMA };
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const operationIds = new Set<string>();
  // OpenAPI treats `/v1/rules/{id}` and `/v1/rules/{file}` as the same path: the first spelling wins.
  const spellings = new Map<string, string>();
  for (const controller of options.controllers) {
    if (Reflect.getMetadata(API_HIDDEN, controller)) continue;
    for (const method of routeMethods(controller)) {
      const handler = controller.prototype[method] as object;
      const verb = DOCUMENTED_METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      if (!verb) continue;
      for (const routePath of routePaths(controller, handler)) {
        const shape = routePath.replace(/\{[^}]+\}/g, '{}');
        const path = spellings.get(shape) ?? routePath;
        spellings.set(shape, path);
        const operation = describeOperation(controller, method, { path, routePath }, schemas);
        let id = operation['operationId'] as string;
        for (let n = 2; operationIds.has(id); n++) id = `${operation['operationId'] as string}${n}`;
        operationIds.add(id);
        (paths[path] ??= {})[verb] = { ...operation, operationId: id };
      }
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: options.title, version: options.version, ...(options.description ? { description: options.description } : {}) },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A Quell API key: `Authorization: Bearer <key>`. The key decides the tenant and the scope (read, write, admin).' },
      },
      headers: {
        RequestId: { description: 'The request id: the X-Request-Id sent (when 1-128 safe characters), else a new UUID.', schema: { type: 'string', maxLength: 128 } },
      },
    },
  };
}

function routeMethods(controller: Type): string[] {
  return routeHandlerNames(controller).filter((name) => !Reflect.getMetadata(API_HIDDEN, controller.prototype[name] as object));
}

/** `/v1/rules/{id}` for `@Controller('v1/rules')` + `@Get(':id')`, each combination of their paths. */
function routePaths(controller: Type, handler: object): string[] {
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [value === undefined ? '' : String(value)]);
  const joined = list(Reflect.getMetadata(PATH_METADATA, controller)).flatMap((base) =>
    list(Reflect.getMetadata(PATH_METADATA, handler)).map((own) => `/${[base, own].map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`),
  );
  return joined.map((path) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'));
}

function describeOperation(controller: Type, method: string, paths: { path: string; routePath: string }, schemas: SchemaComponents): JsonSchema {
  const handler = controller.prototype[method] as object;
  const operation = (Reflect.getMetadata(API_OPERATION, handler) ?? {}) as Partial<ApiOperationOptions>;
  const tags = operation.tags ?? (Reflect.getMetadata(API_OPERATION, controller) as ApiOperationOptions | undefined)?.tags ?? [controller.name.replace(/Controller$/, '')];
  const args = routeArguments(controller, method);
  const requirement = (Reflect.getMetadata(REQUIRED_SCOPE, handler) ?? Reflect.getMetadata(REQUIRED_SCOPE, controller)) as ScopeRequirement | undefined;
  const body = requestBody(args, Reflect.getMetadata(API_BODY, handler) as ApiBodyOptions | undefined, schemas);
  const validated = args.some((argument) => argument.schema !== undefined) || Reflect.getMetadata(API_QUERY, handler) !== undefined;
  return {
    operationId: `${controller.name.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase())}_${method}`,
    tags,
    ...(operation.summary ? { summary: operation.summary } : {}),
    ...(operation.description || requirement
      ? { description: [operation.description, requirement ? `Needs an API key with the \`${requirement.scope}\` scope (or a larger one).` : undefined].filter(Boolean).join('\n\n') }
      : {}),
    ...(requirement ? { security: [{ bearer: [] }], 'x-quell-scope': requirement.scope } : { security: [] }),
    parameters: [
      ...withDeclaredHeaders(
        parameters(paths, args, Reflect.getMetadata(API_QUERY, handler) as z.ZodObject | undefined, schemas),
        (Reflect.getMetadata(API_HEADERS, handler) ?? []) as ApiHeaderOptions[],
      ),
      { name: 'X-Request-Id', in: 'header', required: false, description: 'Echoed in the answer; made up when absent or unacceptable.', schema: { type: 'string', maxLength: 128 } },
    ],
    ...(body ? { requestBody: body } : {}),
    responses: responses(handler, { secured: requirement !== undefined, validated, hasBody: body !== undefined }, schemas),
  };
}

function parameters(paths: { path: string; routePath: string }, args: RouteArgument[], docQuery: z.ZodObject | undefined, schemas: SchemaComponents): JsonSchema[] {
  const out: JsonSchema[] = [];
  // Every `{name}` of the path is a required path parameter, typed by its pipe when it has one (the
  // route may spell it otherwise: `{file}` where the document's path says `{id}`).
  const routeNames = [...paths.routePath.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  [...paths.path.matchAll(/\{([^}]+)\}/g)].forEach(([, name], index) => {
    const routeName = routeNames[index] ?? name;
    const argument = args.find((a) => a.source === 'param' && a.name === routeName);
    out.push({
      name,
      in: 'path',
      required: true,
      ...(routeName !== name ? { description: `The ${routeName}.` } : {}),
      schema: argument?.schema ? toOpenApiSchema(argument.schema, 'input', schemas) : { type: 'string' },
    });
  });
  for (const argument of args) {
    if (argument.source === 'query') {
      if (argument.name) {
        out.push({ name: argument.name, in: 'query', required: false, schema: argument.schema ? toOpenApiSchema(argument.schema, 'input', schemas) : { type: 'string' } });
      } else if (argument.schema) {
        out.push(...objectParameters(argument.schema, 'query', schemas));
      }
    }
    if (argument.source === 'headers' && argument.name && !IMPLICIT_HEADERS.has(argument.name.toLowerCase())) {
      out.push({ name: argument.name, in: 'header', required: false, schema: argument.schema ? toOpenApiSchema(argument.schema, 'input', schemas) : { type: 'string' } });
    }
  }
  if (docQuery) out.push(...objectParameters(docQuery, 'query', schemas));
  return out;
}

/** Header parameters declared with @ApiHeader replace those of the same name found in the handler's arguments. */
function withDeclaredHeaders(found: JsonSchema[], declared: ApiHeaderOptions[]): JsonSchema[] {
  const names = new Set(declared.map((header) => header.name.toLowerCase()));
  return [
    ...found.filter((parameter) => parameter['in'] !== 'header' || !names.has(String(parameter['name']).toLowerCase())),
    ...declared.map(({ name, description, required, schema }) => ({ name, in: 'header', description, required: required ?? false, schema: schema ?? { type: 'string' } })),
  ];
}

/** One parameter per property of an object schema (a whole `@Query()`). */
function objectParameters(schema: z.ZodType, location: 'query', schemas: SchemaComponents): JsonSchema[] {
  const json = toOpenApiSchema(schema, 'input', schemas);
  const properties = (json['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return { name, in: location, required: required.has(name), ...(description ? { description } : {}), schema: propertySchema };
  });
}

function requestBody(args: RouteArgument[], declared: ApiBodyOptions | undefined, schemas: SchemaComponents): JsonSchema | undefined {
  if (declared) {
    const content = Object.fromEntries(
      Object.entries(declared.content).map(([mediaType, media]) => [
        mediaType,
        { ...(media.schema ? { schema: toOpenApiSchema(media.schema, 'input', schemas) } : {}), ...(media.example !== undefined ? { example: media.example } : {}) },
      ]),
    );
    return { required: declared.required ?? true, ...(declared.description ? { description: declared.description } : {}), content };
  }
  const body = args.find((argument) => argument.source === 'body');
  if (!body) return undefined;
  const schema = body.schema ? toOpenApiSchema(body.schema, 'input', schemas) : {};
  return { required: body.schema ? !body.schema.safeParse(undefined).success : false, content: { 'application/json': { schema } } };
}

function responses(handler: object, route: { secured: boolean; validated: boolean; hasBody: boolean }, schemas: SchemaComponents): JsonSchema {
  const declared = (Reflect.getMetadata(API_RESPONSES, handler) ?? {}) as DeclaredResponses;
  const out: Record<string, JsonSchema> = {};
  const successDeclared = Object.keys(declared).some((status) => status !== 'default' && Number(status) < 400);
  if (!successDeclared) {
    const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.POST ? 201 : 200);
    out[String(status)] = { description: 'Success.', headers: requestIdHeader };
  }
  const problemResponse = (description: string): JsonSchema => ({ description, headers: requestIdHeader, content: problemContent });
  if (route.validated || route.hasBody) out['400'] = problemResponse('The request is invalid: every invalid field is listed in `errors`.');
  if (route.secured) {
    out['401'] = { ...problemResponse('No API key, or an unknown one.'), headers: { ...requestIdHeader, 'WWW-Authenticate': { schema: { type: 'string', const: 'Bearer' } } } };
    out['403'] = problemResponse("The key's scope does not allow this.");
  }
  for (const [status, response] of Object.entries(declared)) {
    const declaredHeaders = Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, header]) => [name, { schema: { type: 'string' }, ...header }]));
    const headers = { ...requestIdHeader, ...declaredHeaders };
    if (response.problem) {
      out[status] = { ...problemResponse(response.description), headers };
      continue;
    }
    const content = response.content
      ? Object.fromEntries(Object.entries(response.content).map(([mediaType, media]) => [mediaType, media.schema ? { schema: toOpenApiSchema(media.schema, 'output', schemas) } : {}]))
      : undefined;
    out[status] = { description: response.description, headers, ...(content ? { content } : {}) };
  }
  out['default'] ??= problemResponse('Any other error, e.g. 500 (the body quotes the request id) or 503 with Retry-After.');
  return out;
}
