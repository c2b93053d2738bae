import { IncidentActionError } from '@quell/incidents';
import { problem } from '@quell/platform-http';
import { IncidentNotFound, IncidentVersionConflict } from '../lifecycle/incident-lifecycle.errors';

/**
 * The lifecycle's refusals as problems: unknown incident 404; a stale version 409 with the current
 * one (`currentVersion`, and its ETag as `currentEtag`, as the HTTP kit's If-Match check answers);
 * a move the state forbids 409 (`invalid-transition`); a bad field 400.
 */
export function asProblem(error: unknown): unknown {
  if (error instanceof IncidentNotFound) return problem(404, error.message);
  if (error instanceof IncidentVersionConflict) {
    return problem(409, `the incident changed meanwhile: its current version is ${error.currentVersion}; read it again and retry`, {
      type: 'urn:quell:problem:stale-version',
      extensions: { currentVersion: error.currentVersion, currentEtag: `"${error.currentVersion}"` },
    });
  }
  if (error instanceof IncidentActionError && error.code === 'invalid_transition') {
    return problem(409, error.message, { type: 'urn:quell:problem:invalid-transition' });
  }
  if (error instanceof IncidentActionError) return problem(400, error.message, { type: 'urn:quell:problem:invalid-request' });
  return error;
}
