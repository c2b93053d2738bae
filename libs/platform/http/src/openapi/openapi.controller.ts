import { Controller, Get, Header, Inject, type DynamicModule } from '@nestjs/common';
import { ApiOperation, ApiResponse } from './api-docs.decorators';
import type { OpenApiDocument } from './openapi-document';

export const OPENAPI_DOCUMENT = Symbol('OPENAPI_DOCUMENT');

/** Serves the service's OpenAPI document, to anyone: it holds no secret, and clients need it before they have a key. */
@Controller()
export class OpenApiController {
  constructor(@Inject(OPENAPI_DOCUMENT) private readonly document: OpenApiDocument) {}

  @Get('openapi.json')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: "This service's OpenAPI 3.1 document", tags: ['meta'] })
  @ApiResponse(200, { description: 'The document.', content: { 'application/json': { schema: { type: 'object' } } } })
  openApi(): OpenApiDocument {
    return this.document;
  }
}

/** Mounts GET /openapi.json serving `document`. */
export function openApiModule(document: OpenApiDocument): DynamicModule {
  class OpenApiModule {}
  return { module: OpenApiModule, controllers: [OpenApiController], providers: [{ provide: OPENAPI_DOCUMENT, useValue: document }] };
}
