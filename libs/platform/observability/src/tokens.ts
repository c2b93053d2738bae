/** Injection token of the app's pino Logger. */
export const LOGGER = Symbol('LOGGER');
/** Injection token of the app's PipelineMetrics. */
export const METRICS = Symbol('METRICS');
/** Injection token of the options given to ObservabilityModule.forRoot. */
export const OBSERVABILITY_OPTIONS = Symbol('OBSERVABILITY_OPTIONS');
