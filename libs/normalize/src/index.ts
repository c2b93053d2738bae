export { normalizeJson, MAX_RAW_TEXT } from './json-normalizer';
export { NormalizeError } from './normalize-error';
export { EVENT_CLASSES, classFromEcsCategory, type EventClassName } from './event-classes';
export { flatten } from './flatten';
export { stableId } from './stable-id';
