// A Kafka readiness check that needs no client library: one Metadata request (v4, which Kafka
// 4.x still serves after KIP-896 removed v0-v3) over a raw socket. The broker answers only once
// its listener is up, and lists itself only once it has registered with the KRaft controller,
// so "at least one broker in the reply" means clients can create topics and join groups.
import { Socket } from 'node:net';

const METADATA = 3;
const VERSION = 4;
const CLIENT_ID = 'quell-probe';

function metadataRequest(correlationId) {
  const clientId = Buffer.from(CLIENT_ID);
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4 + 1);
  let at = body.writeInt16BE(METADATA, 0);
  at = body.writeInt16BE(VERSION, at);
  at = body.writeInt32BE(correlationId, at);
  at = body.writeInt16BE(clientId.length, at);
  at += clientId.copy(body, at);
  at = body.writeInt32BE(0, at); // an empty topic list: brokers only, no topics
  body.writeInt8(0, at); // allow_auto_topic_creation = false
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

/** Resolves to the number of brokers the cluster reports; rejects on connection trouble. */
export function countBrokers(host, port, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const correlationId = 7;
    let received = Buffer.alloc(0);
    const fail = (error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error('metadata request timed out')));
    socket.once('error', fail);
    socket.once('close', () => reject(new Error('connection closed before a metadata reply')));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return;
      // Response: size, correlation id, throttle_time_ms, then the broker array's length.
      if (received.readInt32BE(4) !== correlationId) return fail(new Error('unexpected correlation id'));
      const brokers = received.readInt32BE(12);
      socket.destroy();
      resolve(brokers);
    });
    socket.connect(port, host, () => socket.write(metadataRequest(correlationId)));
  });
}
