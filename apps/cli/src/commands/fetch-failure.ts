/** Why a fetch failed: it says only "fetch failed", the reason (ECONNREFUSED, ENOTFOUND…) is in its cause. */
export function fetchFailure(error: unknown): string {
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return `${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
}
