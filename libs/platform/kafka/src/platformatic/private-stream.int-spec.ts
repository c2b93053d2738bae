import { createTopics, requireKafkaBrokers, testKafkaClient, uniqueName, waitFor } from '@quell/platform-testing';
import { platformaticBaseOptions } from './platformatic-client';
import { PlatformaticPrivateStream } from './private-stream';

describe.each(['end', 'beginning'] as const)('PlatformaticPrivateStream from the %s, after its stream fails (real broker)', (from) => {
  const brokers = requireKafkaBrokers();
  const producer = testKafkaClient(brokers, `private-stream-producer-${from}`).producer();
  let reader: PlatformaticPrivateStream | undefined;

  beforeAll(() => producer.connect());
  afterAll(async () => {
    await reader?.stop();
    await producer.disconnect();
  });

  it('reads again from where it was: what was published meanwhile comes once, nothing twice', async () => {
    const topic = uniqueName('private-stream');
    await createTopics(brokers, [topic], 2);
    const send = (values: string[]) => producer.send({ topic, messages: values.map((value) => ({ key: value, value })) });
    const seen: string[] = [];
    const errors: string[] = [];
    const logger = { info: () => undefined, warn: () => undefined, error: (_: object, message?: string) => void errors.push(message ?? '') };
    reader = new PlatformaticPrivateStream(platformaticBaseOptions({ brokers, clientId: 'private-stream' }), {
      topic,
      groupId: uniqueName('private-stream'),
      from,
      name: 'test reader',
      logger,
      handle: (records) => void seen.push(...records.map((r) => r.value!.toString())),
    });
    await reader.start();
    await reader.positioned;
    await send(['a', 'b', 'c']);
    await waitFor(() => (seen.length >= 3 ? true : undefined), { description: 'the first records' });

    // What a broker outage past the client's retries does to the stream.
    (reader as unknown as { stream: { destroy(error: Error): void } }).stream.destroy(new Error('simulated stream failure'));
    await send(['d', 'e', 'f']);
    await waitFor(() => (seen.length >= 6 ? true : undefined), { description: 'the records published while it was failing', timeoutMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([...seen].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(errors).toEqual(['test reader crashed; reading again from where it was']);
  }, 60_000);
});
