import type { Change } from '../api/types';
import { href } from '../router';
import { DAY_MS, lanes, occurrences, type Placed } from './week-layout';

export const dayName = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** Seven day columns; each change window or freeze is a block placed at its hours. */
export function WeekView({ from, changes }: { from: number; changes: Change[] }) {
  const placed: Placed[] = changes.flatMap((change) => change.windows.flatMap((w) => occurrences(w, from, from + 7 * DAY_MS).map((o) => ({ change, ...o }))));
  return (
    <div class="week">
      {Array.from({ length: 7 }, (_, i) => {
        const dayFrom = from + i * DAY_MS;
        const dayTo = dayFrom + DAY_MS;
        const today = lanes(placed.filter((p) => p.start < dayTo && p.end > dayFrom));
        return (
          <div class="day" role="group" aria-label={dayName.format(dayFrom)} key={dayFrom}>
            <div class="day-name" aria-hidden="true">
              {dayName.format(dayFrom)}
            </div>
            <ul class="day-body">
              {today.items.map(({ lane, ...p }, n) => {
                const top = Math.max(0, (p.start - dayFrom) / DAY_MS);
                const bottom = Math.min(1, (p.end - dayFrom) / DAY_MS);
                return (
                  <li key={`${p.change.id}-${n}`} class={`block ${p.change.kind === 'freeze' ? 'freeze' : `status-${p.change.status}`}`} style={{ top: `${top * 100}%`, height: `max(2.6rem, ${(bottom - top) * 100}%)`, left: `${(lane / today.count) * 100}%`, width: `${100 / today.count}%` }}>
                    <a href={href('changes', p.change.id)}>
                      {p.change.kind === 'freeze' ? 'Freeze: ' : ''}
                      {p.change.title}
                    </a>
                    <span class="block-time">
                      {clock.format(Math.max(p.start, dayFrom))}–{clock.format(Math.min(p.end, dayTo))} · {p.change.status}
                    </span>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </div>
  );
}
