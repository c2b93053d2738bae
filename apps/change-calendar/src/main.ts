import 'reflect-metadata';
import { runService } from '@quell/platform-service-kit';
import { changeCalendarService } from '@quell/service-change-calendar';

void runService(changeCalendarService);
