import 'reflect-metadata';
import { runService } from '@quell/platform-service-kit';
import { ingestService } from '@quell/service-ingest';

void runService(ingestService);
