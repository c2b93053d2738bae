import 'reflect-metadata';
import { runService } from '@quell/platform-service-kit';
import { correlatorService } from '@quell/service-correlator';

void runService(correlatorService);
