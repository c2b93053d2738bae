export { notifierService, NotifierModule } from './notifier.service';
export { notifierConfigSchema, type NotifierConfig } from './config';
