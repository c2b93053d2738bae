// Types for kafka.mjs, so the TypeScript test harness can import it.
export declare const KAFKA_VERSION: string;

export interface LocalKafka {
  /** host:port of the PLAINTEXT listener on 127.0.0.1 */
  brokers: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

export declare function ensureKafkaJars(cacheDir: string): Promise<string>;
export declare function startKafka(options: { cacheDir: string; dataDir: string; timeoutMs?: number }): Promise<LocalKafka>;
