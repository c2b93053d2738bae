export { deduperService, DeduperModule } from './deduper.service';
export { deduperConfigSchema, type DeduperConfig } from './config';
