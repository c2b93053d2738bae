import type { IncomingMessage } from 'node:http';
import { Injectable, type CallHandler, type ExecutionContext, type INestApplication, type NestInterceptor, type Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { routeHandlerNames, takesBody } from '../routes/route-arguments';
import { BODY_LIMIT } from './body-limit.decorator';
import { readJsonBody } from './json-body';

type RequestWithBody = IncomingMessage & { body?: unknown };

/**
 * The one body parser of every Quell HTTP service (Nest's own is off): a handler that takes `@Body()`
 * gets the request's JSON, read with the kit's limit and gzip/deflate decoding, after the guards (an
 * unauthenticated body is never read) and before the validation pipe. Attached only to such routes
 * (see useJsonBodyReader): a handler that reads the raw stream itself (ingest's NDJSON and text, the
 * rules API's YAML) takes no `@Body()`, keeps the stream untouched and pays nothing for it.
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  constructor(
    private readonly defaultMaxBytes: number,
    private readonly reflector = new Reflector(),
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<RequestWithBody>();
    if (context.getType() === 'http' && req.body === undefined && !req.readableEnded) {
      const limit = this.reflector.getAllAndOverride<number | undefined>(BODY_LIMIT, [context.getHandler(), context.getClass()]);
      req.body = await readJsonBody(req, limit ?? this.defaultMaxBytes);
    }
    return next.handle();
  }
}

/**
 * Puts the reader on every route of the app whose handler takes `@Body()`, as a route interceptor:
 * Nest runs any global interceptor on every request through RxJS, which cost small ingest requests
 * ~15% of their throughput for a reader they never use. Call after `NestFactory.create`, before
 * `init`/`listen` (Nest reads a route's interceptors when it mounts it).
 */
export function useJsonBodyReader(app: INestApplication, reader: JsonBodyInterceptor): void {
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as Type;
      for (const method of routeHandlerNames(controller).filter((name) => takesBody(controller, name))) {
        const handler = controller.prototype[method] as object;
        // Metadata lives on the class: an earlier app's reader (another test app) is replaced, not stacked.
        const others = ((Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? []) as unknown[]).filter((interceptor) => !(interceptor instanceof JsonBodyInterceptor));
        Reflect.defineMetadata(INTERCEPTORS_METADATA, [reader, ...others], handler);
      }
    }
  }
}
