export { correlatorService, CorrelatorModule } from './correlator.service';
export { correlatorConfigSchema, type CorrelatorConfig } from './config';
export { EVENT_DETECTORS, KEYED_PROCESSORS, type EventDetector, type DetectorFindings, type KeyedProcessor, type KeyedProcessorInstance, type KeyedState, SerializedValue } from './extensions';
export { WINDOWS_GROUP } from './windows/matches.handler';
export { matchKeyOf } from './detection/match-routing';
export { RULE_CATALOG } from './rules-api/rules-tokens';
