export { normalizerService, NormalizerModule } from './normalizer.service';
export { normalizerConfigSchema, type NormalizerConfig } from './config';
