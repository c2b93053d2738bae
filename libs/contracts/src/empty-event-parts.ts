import type { Event } from './generated/types';

/** The parts of an Event a producer may leave empty, empty (fresh arrays and maps each call). */
export function emptyEventParts(): Omit<Event, 'id' | 'tenant' | 'time' | 'ingestTime' | 'source' | 'className' | 'classUid'> {
  return {
    action: null,
    outcome: 'unknown',
    severity: 0,
    host: null,
    user: null,
    src: null,
    dst: null,
    process: null,
    service: null,
    message: null,
    tags: [],
    original: {},
    rawText: null,
    attackTechniques: [],
    late: false,
    parseWarnings: [],
    code: null,
    provider: null,
    observer: null,
    network: null,
    file: null,
    registry: null,
    dns: null,
    url: null,
    http: null,
    userAgent: null,
    cloud: null,
  };
}
