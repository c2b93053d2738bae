import { join } from 'node:path';
import { loadConfig } from '@quell/platform-config';
import type { OpenApiDocument } from '@quell/platform-http';
import { serviceOpenApiDocument } from '@quell/platform-service-kit';
import { DEMO_API_KEYS } from './listen-plan';
import { SERVICES } from './services';

// Enough configuration for each service to build its module graph; no value here reaches a document.
const DOCUMENT_ENV = {
  BUS: 'memory',
  INGEST_API_KEYS: DEMO_API_KEYS,
  RULES_DIR: join(__dirname, '..', '..', '..', 'deploy', 'samples', 'rules'),
};

/** The OpenAPI document of every Quell service, by service name, as each serves it at /openapi.json. */
export function openApiDocuments(): Record<string, OpenApiDocument> {
  return Object.fromEntries(
    SERVICES.map((definition) => {
      const config = loadConfig(definition.configSchema, { ...DOCUMENT_ENV, SERVICE_NAME: definition.name });
      return [definition.name, serviceOpenApiDocument(definition.name, definition.module(config))];
    }),
  );
}
