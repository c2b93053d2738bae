import type { FactoryProvider } from '@nestjs/common';
import { DEFAULT_SCREENING_POLICY, parseScreeningPolicy, type ScreeningPolicy } from '@quell/calendar';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { ReloadableFile, SERVICE_CONFIG } from '@quell/platform-service-kit';
import type { ChangeCalendarConfig } from '../config';

/** The screening policy in force (ScreeningPolicySource): asked per batch, so a reloaded file applies to the next one. */
export const SCREENING_POLICY = Symbol('SCREENING_POLICY');

export interface ScreeningPolicySource {
  current(): ScreeningPolicy;
}

/**
 * CHANGE_SCREENING_POLICY_FILE read at start (a bad file stops the service, naming file, line and
 * key), then watched: a bad edit is logged and the last good policy stays in force. Unset: the
 * built-in policy.
 */
export const screeningPolicyProvider: FactoryProvider<ScreeningPolicySource> = {
  provide: SCREENING_POLICY,
  inject: [SERVICE_CONFIG, LOGGER],
  useFactory: async (config: ChangeCalendarConfig, logger: Logger) => {
    const path = config.CHANGE_SCREENING_POLICY_FILE;
    if (!path) return { current: () => DEFAULT_SCREENING_POLICY };
    const file = new ReloadableFile({ path, description: 'screening policy', parse: parseScreeningPolicy, logger });
    await file.start();
    return file;
  },
};
