import 'reflect-metadata';
import { runService } from '@quell/platform-service-kit';
import { deduperService } from '@quell/service-deduper';

void runService(deduperService);
