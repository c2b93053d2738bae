import { Inject, Injectable } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE } from './clickhouse-client';

/** Readiness of ClickHouse for probes: a ping (`SELECT 1` on the embedded engine) that never throws. */
@Injectable()
export class ClickHouseHealth {
  constructor(@Inject(CLICKHOUSE) private readonly client: ClickHouseClient) {}

  async isReady(): Promise<boolean> {
    try {
      return (await this.client.ping()).success;
    } catch {
      return false;
    }
  }
}
