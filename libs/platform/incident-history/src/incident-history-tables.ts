/** WARNING: the table of ALERTS_0001; renaming it loses the alert history. */
export const ALERTS_TABLE = 'quell_alerts';
/** WARNING: the table of INCIDENT_VERSIONS_0002; renaming it loses the incident history. */
export const INCIDENT_VERSIONS_TABLE = 'quell_incident_versions';
