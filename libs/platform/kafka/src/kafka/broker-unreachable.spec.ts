import { connect } from 'node:net';
import { connectFailureOf, KafkaUnavailableError, withBrokerReach } from './broker-unreachable';

/** The socket error Node gives for a refused connection (port 1 on loopback: nothing listens there). */
function refusedSocketError(): Promise<Error> {
  return new Promise((resolve) => connect(1, '127.0.0.1').on('error', resolve));
}

describe('withBrokerReach', () => {
  it('names the brokers, KAFKA_BROKERS, the seconds waited and the socket reason, nested as @platformatic/kafka nests it', async () => {
    const socket = await refusedSocketError();
    const network = Object.assign(new Error('Connection to 127.0.0.1:1 failed.', { cause: socket }), { code: 'PLT_KFK_NETWORK' });
    const listing = new AggregateError([new AggregateError([new AggregateError([network], 'Cannot connect to any broker.')], 'metadata failed 9 times.')], 'Listing topics failed.');
    const clock = [1_000, 2_500];
    const error = await withBrokerReach(['127.0.0.1:1'], () => Promise.reject(listing), () => clock.shift() ?? 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaUnavailableError);
    expect((error as Error).message).toBe('cannot reach the Kafka broker at 127.0.0.1:1 (KAFKA_BROKERS) after 1.5 s: connect ECONNREFUSED 127.0.0.1:1');
  });

  it('finds kafkajs connection errors under the retries-exceeded cause', () => {
    const connection = Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:1'), { name: 'KafkaJSConnectionError' });
    expect(connectFailureOf(new Error('Number of retries exceeded', { cause: connection }))).toBe('Connection error: connect ECONNREFUSED 127.0.0.1:1');
  });

  it('lets other failures through unchanged', async () => {
    const denied = new Error('SASL authentication failed');
    await expect(withBrokerReach(['b:9092'], () => Promise.reject(denied))).rejects.toBe(denied);
  });
});
