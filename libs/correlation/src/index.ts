export * from './correlation-definition';
export * from './correlation-rule-error';
export { parseCorrelationRule, ParseCorrelationOptions } from './correlation-parser';
export { parseTimespan } from './timespan';
export { conditionHolds, describeComparisons } from './correlation-condition';
