import { readFileSync } from 'node:fs';

/**
 * Datagrams the kernel dropped for the UDP sockets bound to `port`: their receive buffer was full
 * because the process did not read fast enough (a saturated event loop). These never reach Quell,
 * so only the kernel's count tells of them. Read from /proc/net/udp (Linux; undefined elsewhere).
 */
export function kernelUdpDrops(port: number, table?: string): number | undefined {
  let text = table;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/net/udp', 'utf8');
    } catch {
      return undefined;
    }
  }
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  let drops = 0;
  for (const line of text.split('\n').slice(1)) {
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ref pointer drops
    const fields = line.trim().split(/\s+/);
    if (fields.length < 13 || fields[1].split(':')[1] !== portHex) continue;
    drops += Number(fields[fields.length - 1]) || 0;
  }
  return drops;
}

/**
 * Counts the kernel's drops on the syslog UDP port as `quell_syslog_frames_dropped_total{transport="udp",
 * reason="receive_buffer_full"}` and logs them, checked every `intervalMs` (a timer that does not
 * keep the process alive; reading the table costs microseconds).
 */
export class UdpKernelDropWatch {
  private last?: number;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly port: number,
    private readonly onDrops: (count: number) => void,
    private readonly read: (port: number) => number | undefined = kernelUdpDrops,
  ) {}

  start(intervalMs = 10_000): void {
    this.last = this.read(this.port);
    if (this.last === undefined) return;
    this.timer = setInterval(() => this.check(), intervalMs).unref();
  }

  /** Reports the drops since the last check. */
  check(): void {
    const now = this.read(this.port);
    if (now === undefined || this.last === undefined) return;
    if (now > this.last) this.onDrops(now - this.last);
    this.last = now;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
