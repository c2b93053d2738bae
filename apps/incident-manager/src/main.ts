import 'reflect-metadata';
import { runService } from '@quell/platform-service-kit';
import { incidentManagerService } from '@quell/service-incident-manager';

void runService(incidentManagerService);
