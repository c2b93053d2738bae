import type { DynamicModule, Type } from '@nestjs/common';
import { buildOpenApiDocument, controllersOf, OpenApiController, type OpenApiDocument } from '@quell/platform-http';
import { HealthController } from '@quell/platform-observability';

/**
 * The OpenAPI document of one service: the routes of its own module graph, plus the probes, the
 * metrics scrape and /openapi.json that the platform adds to every service. Served by the service
 * and written by `npm run openapi`, from the same function.
 */
export function serviceOpenApiDocument(name: string, serviceModule: Type | DynamicModule): OpenApiDocument {
  return buildOpenApiDocument({
    title: `Quell ${name}`,
    version: 'v1',
    description: `The HTTP API of Quell's ${name} service. Errors are RFC 9457 problem+json; every answer carries X-Request-Id.`,
    controllers: [HealthController, OpenApiController, ...controllersOf(serviceModule)],
  });
}
