import { Body, Controller, Get, Header, HttpCode, Module, Param, Post, Query, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { z } from 'zod';
import { createLogger, type Logger } from '@quell/platform-observability';
import { API_KEY_STORE, ApiKeyStore } from '../api-keys/api-key-store';
import { RequireScope } from '../auth/require-scope.decorator';
import { Tenant } from '../auth/principal.decorators';
import { BodyLimit } from '../body/body-limit.decorator';
import { HttpApiModule } from '../http-api.module';
import { setUpHttpServer } from '../http-server.setup';
import { ApiOperation, ApiProblem, ApiResponse } from '../openapi/api-docs.decorators';
import { buildOpenApiDocument } from '../openapi/openapi-document';
import { OpenApiController, openApiModule } from '../openapi/openapi.controller';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';

export const WRITE_KEY = 'k-write-0123456789';
export const READ_KEY = 'k-read-0123456789';

export const widgetSchema = z.object({ name: z.string().min(1).max(40), size: z.number().int().positive() }).strict();
const widgetIdSchema = z.string().regex(/^w-\d+$/, 'an id like w-1');
const listQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10), prefix: z.string().optional() });

/** The logger of the app started last, for a handler to log through (as a service injects LOGGER). */
let widgetsLogger: Logger | undefined;

/** A small API using every part of the kit, as a service would. */
@Controller('v1/widgets')
@ApiOperation({ summary: 'Widgets', tags: ['widgets'] })
export class WidgetsController {
  @Post()
  @RequireScope('write')
  @ApiOperation({ summary: 'Create a widget' })
  @ApiResponse(201, { description: 'Created.', content: { 'application/json': { schema: widgetSchema.extend({ tenant: z.string() }) } } })
  @ApiProblem(413, 'The body is over the limit.')
  create(@Body(new ZodValidationPipe(widgetSchema)) widget: z.output<typeof widgetSchema>, @Tenant() tenant: string) {
    return { ...widget, tenant };
  }

  @Post('bulk')
  @HttpCode(200)
  @RequireScope('write')
  @BodyLimit(64 * 1024)
  bulk(@Body(new ZodValidationPipe(z.array(widgetSchema).max(1000))) widgets: unknown[]) {
    return { count: widgets.length };
  }

  @Get()
  @RequireScope('read')
  list(@Query(new ZodValidationPipe(listQuerySchema)) query: z.output<typeof listQuerySchema>) {
    return { limit: query.limit };
  }

  @Get('logged')
  async logged(): Promise<{ ok: true }> {
    await new Promise((resolve) => setImmediate(resolve));
    widgetsLogger?.info('handler line');
    return { ok: true };
  }

  @Get('failing')
  failing(): never {
    throw new Error('internal detail that must not leave the server');
  }

  /** Not a route: a getter the document builder must not run. */
  get notARoute(): never {
    throw new Error('a getter was read while building the document');
  }

  @Get(':id')
  @RequireScope('read')
  one(@Param('id', new ZodValidationPipe(widgetIdSchema)) id: string, @Tenant() tenant: string) {
    return { id, tenant };
  }
}

@Controller()
export class ProbeController {
  @Get('health/live')
  @Header('Cache-Control', 'no-store')
  live() {
    return { status: 'ok' };
  }
}

export const widgetsDocument = () => buildOpenApiDocument({ title: 'Widgets', version: 'test', controllers: [WidgetsController, ProbeController, OpenApiController] });

/** The app with the kit set up as startServiceApp does it; log lines land in `lines`. */
export async function startWidgetsApp(maxBodyBytes = 1024): Promise<{ app: INestApplication; lines: Record<string, unknown>[]; raw: string[]; logger: Logger }> {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const write = (line: string) => {
    raw.push(line);
    lines.push(JSON.parse(line) as Record<string, unknown>);
  };
  const logger = createLogger({ service: 'widgets', level: 'debug', destination: { write } });
  widgetsLogger = logger;
  @Module({
    imports: [HttpApiModule, openApiModule(widgetsDocument())],
    controllers: [WidgetsController, ProbeController],
    providers: [{ provide: API_KEY_STORE, useValue: ApiKeyStore.fromList(`acme:ops:write:${WRITE_KEY},acme:soc:read:${READ_KEY}`) }],
  })
  class WidgetsModule {}
  const app = await NestFactory.create(WidgetsModule, { logger: false, bodyParser: false });
  setUpHttpServer(app, { logger, maxBodyBytes });
  await app.init();
  return { app, lines, raw, logger };
}
