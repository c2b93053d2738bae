export { ingestService, IngestModule } from './ingest.service';
export { ingestConfigSchema, type IngestConfig } from './config';
