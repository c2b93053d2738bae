export { normalizerService, NormalizerModule } from './normalizer.service';
export { normalizerConfigSchema, NORMALIZER_ROLES, type NormalizerConfig, type NormalizerRole } from './config';
export { NormalizePool } from './workers/normalize-pool';
