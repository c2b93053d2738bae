import 'reflect-metadata';
import { runService } from '@quell/platform-service-kit';
import { notifierService } from '@quell/service-notifier';

void runService(notifierService);
