import type { Admin } from 'kafkajs';
import { monotonicMicros } from './cpu-profile';

export interface StageRate {
  perSec: number;
  perCpuSecond: number;
}

/** Records a consumer group has committed on a topic, all partitions together. */
async function committedRecords(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [{ partitions }] = await admin.fetchOffsets({ groupId, topics: [topic] });
  let total = 0;
  for (const { offset } of partitions) total += Math.max(0, Number(offset));
  return total;
}

/**
 * Waits until `groupId` has committed `records` of `topic` and rates it from its first committed
 * progress (joining the group and the first batch are not the steady work), in wall time and in
 * this process's CPU time; under --cpu-prof, prints that window on V8's profile clock.
 */
export async function rateToCommitted(admin: Admin, groupId: string, topic: string, records: number): Promise<StageRate> {
  let start: { wall: number; cpu: NodeJS.CpuUsage; records: number } | undefined;
  let done = 0;
  while (done < records) {
    await new Promise((r) => setTimeout(r, 20));
    done = await committedRecords(admin, groupId, topic);
    if (start === undefined && done > 0) start = { wall: performance.now(), cpu: process.cpuUsage(), records: done };
  }
  if (start === undefined) throw new Error(`${groupId}: no progress`);
  const wallSeconds = (performance.now() - start.wall) / 1000;
  const { user, system } = process.cpuUsage(start.cpu);
  if (process.execArgv.includes('--cpu-prof')) {
    const now = monotonicMicros();
    console.log(`${groupId}: profile window ${Math.round(now - wallSeconds * 1e6)}-${Math.round(now)} µs`);
  }
  const counted = records - start.records;
  return { perSec: counted / wallSeconds, perCpuSecond: counted / ((user + system) / 1e6) };
}

/** One line of a probe's table: a rate beside the baseline's per CPU-second. */
export function rateLine(name: string, rate: StageRate, baseline: StageRate): string {
  const figure = (value: number, width: number) => Math.round(value).toLocaleString('en-US').padStart(width);
  const share = Math.round((100 * rate.perCpuSecond) / baseline.perCpuSecond);
  return `${name.padEnd(42)}: ${figure(rate.perSec, 7)} records/s  ${figure(rate.perCpuSecond, 7)} records/CPU-s  (${share}% of the baseline per CPU-s)`;
}
