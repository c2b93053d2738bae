export { WatchlistDirectory, StaticWatchlistSource } from './watchlist-directory';
export type { WatchlistSource, WatchlistDirectoryOptions, WatchlistFileStatus, WatchlistListener, WatchlistLogger } from './watchlist-directory';
export { IntelModule, WATCHLIST_SOURCE, intelOptionsFromConfig } from './intel.module';
export type { IntelModuleOptions } from './intel.module';
export { intelConfigShape } from './intel.config';
export type { IntelConfig } from './intel.config';
export { WatchlistDetector } from './watchlist.detector';
