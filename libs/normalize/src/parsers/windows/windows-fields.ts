/** Small readers for Windows event values, shared by the Windows parser and its tests. */

/** A value that says something: Windows writes `-` for "none". */
export function present(value: string | undefined): string | undefined {
  return value !== undefined && value !== '' && value !== '-' ? value : undefined;
}

export function first(data: Record<string, string>, names: string[]): string | undefined {
  for (const name of names) {
    const value = present(data[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** `C:\Windows\System32\cmd.exe` → `cmd.exe` (Windows and POSIX separators). */
export function basename(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const name = path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
  return name || undefined;
}

/** `CORP\alice` → domain and name; a bare name has no domain. */
export function splitAccount(value: string): { name: string; domain?: string } {
  const slash = value.indexOf('\\');
  return slash > 0 ? { domain: value.slice(0, slash), name: value.slice(slash + 1) } : { name: value };
}

/**
 * Sysmon's `Hashes` (`SHA1=…,MD5=…,SHA256=…,IMPHASH=…`, the algorithms its config names) or a
 * bare `Hash` → ECS `<prefix>.md5/sha1/sha256`, lower case. IMPHASH has no ECS hash field here.
 */
export function hashFields(value: string | undefined, prefix: string, fields: Record<string, string>): void {
  if (!value) return;
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    const algorithm = part.slice(0, eq).trim().toLowerCase();
    const digest = part.slice(eq + 1).trim().toLowerCase();
    if ((algorithm === 'md5' || algorithm === 'sha1' || algorithm === 'sha256') && /^[0-9a-f]+$/.test(digest)) fields[`${prefix}.${algorithm}`] = digest;
  }
}

/** `HKLM\…\Run\updater` → `updater`: the value name of a registry value path. */
export function registryValueName(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('\\') + 1);
  return name && name !== path ? name : undefined;
}

/** IANA protocol numbers the Security log writes for the transports ECS names. */
const TRANSPORTS: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'ipv6-icmp' };

export function transport(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return TRANSPORTS[value] ?? value.toLowerCase();
}

/**
 * The event's time in epoch ms. evtx and Winlogbeat write ISO 8601 with a zone; NXLog writes
 * `YYYY-MM-DD hh:mm:ss[.fff]` in the collector's local time without naming the zone, read as UTC.
 */
export function windowsTime(text: string | undefined): number | undefined {
  if (!text) return undefined;
  // Some evtx renderers write SystemTime as epoch seconds with a fraction.
  if (/^\d{9,10}(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  let iso = text.trim().replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso)) iso += 'Z';
  // Fractions beyond milliseconds (evtx writes microseconds) are cut so every engine parses them.
  iso = iso.replace(/(\.\d{3})\d+/, '$1');
  const time = Date.parse(iso);
  return Number.isFinite(time) ? time : undefined;
}

/** Audit success/failure from the keywords (hex or decimal mask, or Winlogbeat's words) or NXLog's EventType. */
export function auditOutcome(keywords: string | undefined, eventType: string | undefined): 'success' | 'failure' | undefined {
  const words = `${keywords ?? ''} ${eventType ?? ''}`.toLowerCase();
  if (/audit[ _]success/.test(words)) return 'success';
  if (/audit[ _]failure/.test(words)) return 'failure';
  if (!keywords || !/^(0x[0-9a-f]+|-?\d+)$/i.test(keywords)) return undefined;
  // NXLog writes the mask as a signed decimal that JSON tools may already have rounded to a double
  // (…35000 for …34816); the nearest double is the mask itself, since only a few high bits are set.
  const decimal = Number(keywords);
  // A decimal too long for a double (Infinity) is no mask a Windows log writes.
  if (!keywords.startsWith('0x') && !keywords.startsWith('0X') && !Number.isFinite(decimal)) return undefined;
  const mask = keywords.startsWith('0x') || keywords.startsWith('0X') ? BigInt(keywords) : BigInt(decimal);
  if ((mask & 0x20000000000000n) !== 0n) return 'success';
  if ((mask & 0x10000000000000n) !== 0n) return 'failure';
  return undefined;
}
