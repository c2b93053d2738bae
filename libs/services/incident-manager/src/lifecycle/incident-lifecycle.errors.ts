/** No incident with this id in the caller's tenant (the API answers 404). */
export class IncidentNotFound extends Error {
  override readonly name = 'IncidentNotFound';
  readonly retriable = false;

  constructor(
    readonly tenant: string,
    readonly id: string,
  ) {
    super(`no incident ${id}`);
  }
}

/**
 * The caller acted on a version that is no longer current (someone, or a new alert, changed the
 * incident since it was read). The API answers 409 with the current version; read it and decide again.
 */
export class IncidentVersionConflict extends Error {
  override readonly name = 'IncidentVersionConflict';
  readonly retriable = false;

  constructor(
    readonly id: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`incident ${id} is at version ${currentVersion}, not ${expectedVersion}: it changed meanwhile`);
  }
}
