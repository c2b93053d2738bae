export { normalizerService, NormalizerModule } from './normalizer.service';
export { normalizerConfigSchema, NORMALIZER_ROLES, type NormalizerConfig, type NormalizerRole } from './config';
export { NormalizePool } from './workers/normalize-pool';
export { HISTORY_WRITER_GROUP } from './event-history.handler';
