import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import type { Type } from '@nestjs/common';
import type { z } from 'zod';

/** Where a handler argument comes from, for the arguments the kit reads: the body, the query, a path param or a header. */
export type ArgumentSource = 'body' | 'query' | 'param' | 'headers';

/** One handler argument taken from the request, with the zod schema its pipe validates it against (if any). */
export interface RouteArgument {
  source: ArgumentSource;
  /** `@Param('id')` → `id`; undefined for the whole body, query or header set. */
  name?: string;
  schema?: z.ZodType;
}

const SOURCES: Partial<Record<number, ArgumentSource>> = {
  [RouteParamtypes.BODY]: 'body',
  [RouteParamtypes.QUERY]: 'query',
  [RouteParamtypes.PARAM]: 'param',
  [RouteParamtypes.HEADERS]: 'headers',
};

interface ArgumentMetadataEntry {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

/**
 * The request-derived arguments of a route handler, read from Nest's own parameter metadata: the
 * schema comes from the pipe that validates the argument (ZodValidationPipe's `schema`), so what a
 * route documents is what it validates.
 */
export function routeArguments(controller: Type, method: string): RouteArgument[] {
  const entries = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, ArgumentMetadataEntry>;
  const found: (RouteArgument & { index: number })[] = [];
  for (const [key, entry] of Object.entries(entries)) {
    // Keys are `<paramtype>:<index>`; custom decorators (`@Tenant()`) have a non-numeric paramtype.
    const source = SOURCES[Number(key.split(':')[0])];
    if (!source) continue;
    found.push({ index: entry.index, source, name: typeof entry.data === 'string' ? entry.data : undefined, schema: zodSchemaOf(entry.pipes) });
  }
  return found.sort((a, b) => a.index - b.index).map(({ index: _index, ...argument }) => argument);
}

/**
 * The names of a controller's route handlers (methods with an HTTP method decorator), its parents'
 * included. Read through property descriptors: reading `prototype[name]` would run a getter.
 */
export function routeHandlerNames(controller: Type): string[] {
  const names = new Set<string>();
  for (let proto = controller.prototype as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const value = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
      if (name !== 'constructor' && typeof value === 'function' && Reflect.getMetadata(METHOD_METADATA, value) !== undefined) names.add(name);
    }
  }
  return [...names];
}

/** Whether the handler takes the parsed body (`@Body()`), which the kit then reads as JSON for it. */
export function takesBody(controller: Type, method: string): boolean {
  return routeArguments(controller, method).some((argument) => argument.source === 'body');
}

function zodSchemaOf(pipes: unknown[] | undefined): z.ZodType | undefined {
  for (const pipe of pipes ?? []) {
    const schema = (pipe as { schema?: unknown } | undefined)?.schema;
    // zod 4 schemas carry their internals under `_zod`.
    if (typeof schema === 'object' && schema !== null && '_zod' in schema) return schema as z.ZodType;
  }
  return undefined;
}
