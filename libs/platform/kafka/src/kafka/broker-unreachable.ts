/** No broker of KAFKA_BROKERS answered at start. Retriable: it may simply not be up yet. */
export class KafkaUnavailableError extends Error {
  readonly retriable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KafkaUnavailableError';
  }
}

/**
 * Runs a start-up step against the brokers and turns "could not connect" (under either client's
 * nesting of retries: AggregateError trees in @platformatic/kafka, `cause` chains in kafkajs) into
 * one KafkaUnavailableError naming the brokers, the setting and the socket's own reason.
 * Other failures (authentication, a refused request) pass through unchanged.
 */
export async function withBrokerReach<T>(brokers: readonly string[], step: () => Promise<T>, now: () => number = Date.now): Promise<T> {
  const started = now();
  try {
    return await step();
  } catch (error) {
    const reason = connectFailureOf(error);
    if (reason === undefined) throw error;
    const seconds = ((now() - started) / 1_000).toFixed(1);
    throw new KafkaUnavailableError(`cannot reach the Kafka broker at ${brokers.join(',')} (KAFKA_BROKERS) after ${seconds} s: ${reason}`, { cause: error });
  }
}

/** The deepest connection failure's message (the OS error when there is one), or undefined when the error is something else. */
export function connectFailureOf(error: unknown): string | undefined {
  let found: { message: string; depth: number } | undefined;
  // Duck-typed, not instanceof: Node's socket errors may come from another realm (jest, vm).
  const visit = (node: unknown, depth: number, seen: Set<unknown>) => {
    if (!isErrorLike(node) || seen.has(node)) return;
    seen.add(node);
    if (isConnectFailure(node) && (!found || depth > found.depth)) found = { message: node.message, depth };
    if (Array.isArray(node.errors)) for (const inner of node.errors) visit(inner, depth + 1, seen);
    visit(node.cause, depth + 1, seen);
  };
  visit(error, 0, new Set());
  return found?.message;
}

interface ErrorLike {
  name?: unknown;
  message: string;
  code?: unknown;
  syscall?: unknown;
  errors?: unknown;
  cause?: unknown;
}

function isErrorLike(node: unknown): node is ErrorLike {
  return typeof node === 'object' && node !== null && typeof (node as { message?: unknown }).message === 'string';
}

function isConnectFailure(error: ErrorLike): boolean {
  const { code, syscall } = error;
  return (
    syscall === 'connect' ||
    syscall === 'getaddrinfo' ||
    // @platformatic/kafka: NetworkError ("Connection to host:port failed.", its TimeoutError "… timed out." too).
    code === 'PLT_KFK_NETWORK' ||
    // kafkajs: "Connection error: connect ECONNREFUSED …", "Connection timeout".
    error.name === 'KafkaJSConnectionError'
  );
}
