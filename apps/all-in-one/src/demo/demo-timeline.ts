import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE } from './demo-stories';
import type { TimedLine } from './paced-publish';

const DAY = 24 * 3_600_000;
/** The zone of the night change's window (the sample calendar's times are read in it). */
export const DEMO_TIME_ZONE = 'Europe/Berlin';
/** The story files of deploy/samples/demo; the night change moves by whole days, the other two keep their distance to now. */
export const DEMO_FILES = { night: 'night-change.ndjson', storm: 'alert-storm.ndjson', slow: 'slow-intrusion.ndjson', calendar: 'changes.csv' } as const;

/** The zone's offset from UTC at `instant` (ms), from the runtime's ICU. */
function offsetOf(zone: string, instant: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3_600_000 + Number(match[3]) * 60_000) : 0;
}

/** `instant` moved by whole local days in `zone`: 01:10 stays 01:10 on the wall clock, across a DST change too. */
export function movedByDays(instant: number, days: number, zone = DEMO_TIME_ZONE): number {
  const wall = instant + offsetOf(zone, instant) + days * DAY;
  return wall - offsetOf(zone, wall - offsetOf(zone, instant));
}

/**
 * How many days the night change moves: to the latest night whose last record is at least an hour
 * old, so the whole story (the window and the change after it) lies in the past.
 */
export function nightShiftDays(now: number, lastNightRecord: number, zone = DEMO_TIME_ZONE): number {
  const localDay = (t: number) => Math.floor((t + offsetOf(zone, t)) / DAY);
  let days = localDay(now) - localDay(lastNightRecord);
  while (movedByDays(lastNightRecord, days, zone) > now - 3_600_000) days--;
  return days;
}

/** The record with its `@timestamp` moved by `move`. */
function moved(line: string, move: (t: number) => number): TimedLine {
  const record = JSON.parse(line) as Record<string, unknown>;
  const at = move(Date.parse(String(record['@timestamp'])));
  return { at, line: JSON.stringify({ ...record, '@timestamp': new Date(at).toISOString() }) };
}

const linesOf = (file: string) => readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');

/** What the replay sends and imports: the stories' records moved to the present (in time order), and the calendar export moved with the night. */
export interface DemoTimeline {
  records: TimedLine[];
  calendarCsv: string;
  nightDays: number;
}

/**
 * The recorded day brought to `now`: the storm (and the slow intrusion, which ends with it) ends a
 * minute ago, spacing kept; the night change and the sample calendar move by whole days to last
 * night, keeping their wall-clock times in Europe/Berlin (01:00–03:00).
 */
export function demoTimeline(dir: string, now: number): DemoTimeline {
  const night = linesOf(join(dir, DEMO_FILES.night));
  const lastNight = Math.max(...night.map((line) => Date.parse(String((JSON.parse(line) as Record<string, unknown>)['@timestamp']))));
  const nightDays = nightShiftDays(now, lastNight);
  const delta = now - 60_000 - REFERENCE.end;
  const records = [
    ...night.map((line) => moved(line, (t) => movedByDays(t, nightDays))),
    ...[...linesOf(join(dir, DEMO_FILES.storm)), ...linesOf(join(dir, DEMO_FILES.slow))].map((line) => moved(line, (t) => t + delta)),
  ];
  records.sort((a, b) => a.at - b.at);
  return { records, calendarCsv: movedCalendar(readFileSync(join(dir, DEMO_FILES.calendar), 'utf8'), nightDays), nightDays };
}

/** Every `yyyy-MM-dd` of the export moved by whole days (its times are local: they stay as they are). */
export function movedCalendar(csv: string, days: number): string {
  return csv.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (_, y: string, m: string, d: string) => new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)) + days * DAY).toISOString().slice(0, 10));
}
