import type { INestApplication } from '@nestjs/common';
import type { Logger } from '@quell/platform-observability';
import { accessLogMiddleware } from './access-log/access-log.middleware';
import { requestPrincipal } from './auth/request-principal';
import { JsonBodyInterceptor, useJsonBodyReader } from './body/json-body.interceptor';
import { requestIdMiddleware } from './request-id/request-id.middleware';

export interface HttpServerOptions {
  logger: Logger;
  /** Largest JSON body a `@Body()` route accepts once inflated (413 above), unless it sets its own @BodyLimit. */
  maxBodyBytes: number;
}

/**
 * What every Quell HTTP server has, set up in one place (before `listen`, on an app created with
 * `bodyParser: false`): a request id per request, one access-log line per request, and the one body
 * reader (size limit, gzip/deflate, 413/415 as problems) for routes that take a JSON body.
 */
export function setUpHttpServer(app: INestApplication, options: HttpServerOptions): void {
  // Express announces itself (`X-Powered-By: Express`) on every answer: no client needs it.
  (app.getHttpAdapter().getInstance() as { disable?: (setting: string) => void }).disable?.('x-powered-by');
  app.use(requestIdMiddleware());
  app.use(accessLogMiddleware({ logger: options.logger, tenantOf: (req) => requestPrincipal(req)?.tenant }));
  useJsonBodyReader(app, new JsonBodyInterceptor(options.maxBodyBytes));
}
