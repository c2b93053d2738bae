/** A server the global setup started and the global teardown must stop. */
export interface RunningService {
  /** What the tests get: Kafka's host:port list or Redis's URL. */
  address: string;
  /** Where it runs, for the setup's one-line summary. */
  origin: string;
  stop(): Promise<void>;
}
