/** Injection token of the WatchlistSource (`current(): WatchlistIndex`). */
export const WATCHLIST_SOURCE = Symbol('WATCHLIST_SOURCE');
