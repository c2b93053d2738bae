/** Why a bearer token is refused: 401 (not a valid token: sign in again), 403 (valid, but no tenant or scope), 503 (the provider cannot be reached). */
export class TokenRefusal extends Error {
  constructor(
    readonly status: 401 | 403 | 503,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'TokenRefusal';
  }
}
