import type { IncomingMessage } from 'node:http';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { takesBody } from '../routes/route-arguments';
import { BODY_LIMIT } from './body-limit.decorator';
import { readJsonBody } from './json-body';

type RequestWithBody = IncomingMessage & { body?: unknown };

/**
 * The one body parser of every Quell HTTP service (Nest's own is off): a handler that takes `@Body()`
 * gets the request's JSON, read with the kit's limit and gzip/deflate decoding, after the guards (an
 * unauthenticated body is never read) and before the validation pipe. A handler that reads the raw
 * stream itself (ingest's NDJSON and text, the rules API's YAML) takes no `@Body()` and is left the
 * stream untouched.
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  private readonly bodyTaking = new WeakMap<Type, Map<string, boolean>>();

  constructor(
    private readonly defaultMaxBytes: number,
    private readonly reflector = new Reflector(),
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<RequestWithBody>();
    if (req.body === undefined && !req.readableEnded && this.takesBody(context.getClass(), context.getHandler().name)) {
      const limit = this.reflector.getAllAndOverride<number | undefined>(BODY_LIMIT, [context.getHandler(), context.getClass()]);
      req.body = await readJsonBody(req, limit ?? this.defaultMaxBytes);
    }
    return next.handle();
  }

  private takesBody(controller: Type, method: string): boolean {
    let methods = this.bodyTaking.get(controller);
    if (!methods) this.bodyTaking.set(controller, (methods = new Map()));
    let answer = methods.get(method);
    if (answer === undefined) methods.set(method, (answer = takesBody(controller, method)));
    return answer;
  }
}
