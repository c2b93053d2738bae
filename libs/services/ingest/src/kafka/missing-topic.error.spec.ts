import { ConfigError } from '@quell/platform-config';
import { explainMissingTopic } from './missing-topic.error';
import { parseTopicSpecs } from './topic-spec';

describe('explainMissingTopic', () => {
  const specs = parseTopicSpecs('fw:cef:acme, beats:json:acme, /^shipper\\..*/:syslog:acme');

  it('names the topic the client named, else every named topic, under INGEST_KAFKA_TOPICS', () => {
    const platformatic = explainMissingTopic(new Error('Unknown topic beats.'), specs);
    expect(platformatic).toBeInstanceOf(ConfigError);
    expect((platformatic as Error).message).toContain('INGEST_KAFKA_TOPICS: the broker has no topic "beats": create it');
    const kafkajs = explainMissingTopic(new Error('This server does not host this topic-partition'), specs);
    expect((kafkajs as Error).message).toContain('the broker has no topic among "fw", "beats"');
  });

  it('leaves other errors, and specs with patterns only, as they were', () => {
    const other = new Error('connect ECONNREFUSED');
    expect(explainMissingTopic(other, specs)).toBe(other);
    const unknown = new Error('Unknown topic x');
    expect(explainMissingTopic(unknown, parseTopicSpecs('/^x/:json:acme'))).toBe(unknown);
  });
});
