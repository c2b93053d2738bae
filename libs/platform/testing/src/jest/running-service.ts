/** A server the global setup started and the global teardown must stop. */
export interface RunningService {
  /** What the tests get: Kafka's host:port list or Redis's URL. */
  address: string;
  /** Where it runs, for the setup's one-line summary. */
  origin: string;
  /** The server's process, when it runs on this machine (a benchmark counts its CPU). */
  pid?: number;
  stop(): Promise<void>;
}
