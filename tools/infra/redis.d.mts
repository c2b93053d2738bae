// Types for redis.mjs, so the TypeScript test harness can import it.
export interface LocalRedis {
  /** redis://127.0.0.1:PORT */
  url: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

export declare function ensureRedisServer(): Promise<string>;
export declare function startRedis(options: { dataDir: string; timeoutMs?: number }): Promise<LocalRedis>;
