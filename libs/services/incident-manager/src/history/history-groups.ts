// WARNING: never rename silently: a group's committed offsets are where its history resumes (a new
// name starts from the earliest retained record, storing everything again; reads collapse it).
/** The incident manager's group on the unique-alerts topic that stores every alert state. */
export const ALERT_HISTORY_GROUP = 'incident-alert-history';
/** Its group on the incidents topic that stores every version and publishes it as OCSF. */
export const INCIDENT_HISTORY_GROUP = 'incident-history';

/** When a row was recorded (recorded_at): only for the record, never part of a row's identity. */
export const HISTORY_CLOCK = Symbol('HISTORY_CLOCK');
