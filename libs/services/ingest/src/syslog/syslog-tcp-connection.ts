import type { Socket } from 'node:net';
import type { Logger } from '@quell/platform-observability';
import { SyslogFramer, type FrameDrop, type Framed } from './syslog-framer';
import type { SyslogMetrics } from './syslog.metrics';

export interface SyslogConnectionOptions {
  maxMessageBytes: number;
  /** 0: never. */
  idleTimeoutMs: number;
  /** `remote` is the peer as `address:port`: one connection, one sender. */
  accept: (message: string, host: string | undefined, remote: string) => void;
  logger: Logger;
  metrics: SyslogMetrics;
}

/**
 * One syslog TCP connection: frames its bytes, hands messages on, and logs and counts whatever it
 * discards. It is closed when idle for the timeout (half-open peers would otherwise hold a slot
 * forever) or when an over-limit octet count leaves no way to find the next frame. Whatever is
 * pending when it closes, for any reason, goes through the framer's end-of-stream rules.
 */
export interface SyslogConnection {
  /** Stops reading (the sender's TCP window fills, so it waits) and suspends the idle timeout. */
  pause(): void;
  resume(): void;
}

export function handleSyslogConnection(socket: Socket, options: SyslogConnectionOptions): SyslogConnection {
  const { logger, metrics } = options;
  const framer = new SyslogFramer(options.maxMessageBytes);
  const host = socket.remoteAddress;
  const remote = `${host}:${socket.remotePort}`;
  metrics.connections.inc();

  const drop = (frame: FrameDrop): void => {
    metrics.framesDropped.inc({ transport: 'tcp', reason: frame.reason });
    logger.warn({ remote, reason: frame.reason, detail: frame.detail }, 'syslog TCP frame dropped');
  };
  const deliver = (framed: Framed): void => {
    for (const message of framed.messages) options.accept(message, host, remote);
    framed.dropped.forEach(drop);
  };

  socket.on('data', (chunk: Buffer) => {
    const framed = framer.push(chunk);
    deliver(framed);
    if (framed.fatal) {
      drop(framed.fatal);
      metrics.connectionsClosed.inc({ reason: 'frame_too_long' });
      logger.warn({ remote, reason: framed.fatal.reason }, 'syslog TCP connection closed: the framing is lost');
      socket.destroy();
    }
  });
  socket.on('timeout', () => {
    metrics.connectionsClosed.inc({ reason: 'idle_timeout' });
    logger.warn({ remote, reason: 'idle_timeout', idleTimeoutMs: options.idleTimeoutMs, pendingBytes: framer.pendingBytes }, 'syslog TCP connection closed: idle');
    socket.destroy();
  });
  socket.setTimeout(options.idleTimeoutMs);
  socket.on('error', (err) => logger.warn({ remote, err }, 'syslog TCP connection error'));
  socket.once('close', () => {
    metrics.connections.dec();
    deliver(framer.finish());
  });
  return {
    pause: () => {
      socket.pause();
      // A sender held back by us is not idle.
      socket.setTimeout(0);
    },
    resume: () => {
      socket.setTimeout(options.idleTimeoutMs);
      socket.resume();
    },
  };
}
