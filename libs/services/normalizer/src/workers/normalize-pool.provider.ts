import type { Provider } from '@nestjs/common';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import type { NormalizerConfig } from '../config';
import { NormalizePool } from './normalize-pool';

/** The normalize role's pool of NORMALIZER_WORKERS worker threads (none: inline); stopped with the module. */
export const normalizePoolProvider: Provider = {
  provide: NormalizePool,
  useFactory: (config: NormalizerConfig, logger: Logger) => new NormalizePool(config.NORMALIZER_WORKERS, logger),
  inject: [SERVICE_CONFIG, LOGGER],
};
