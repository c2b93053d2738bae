import { Inject, Injectable } from '@nestjs/common';
import { REDIS, type RedisClient } from './redis-client';

/** Readiness of Redis for probes; never throws and never waits on a disconnected client. */
@Injectable()
export class RedisHealth {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  async isReady(): Promise<boolean> {
    // While reconnecting, ioredis would queue the ping; a probe wants an answer now.
    if (this.redis.status !== 'ready') return false;
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }
}
