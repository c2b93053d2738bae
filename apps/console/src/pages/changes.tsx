import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../api/client';
import type { Change, IncidentPage } from '../api/types';
import { PanelState } from '../components/panel-state';
import { PriorityBadge } from '../components/priority-badge';
import { useApi } from '../components/use-api';
import { occurrences, weekStart } from '../components/week-layout';
import { dayName, WeekView } from '../components/week-view';
import { formatTime } from '../format';
import { href } from '../router';

const WEEK_MS = 7 * 86_400_000;
/** The change-calendar's governance rules (libs/services/change-calendar/src/governance, window-close). */
const UNAPPROVED_RULES = ['quell.change.unapproved', 'quell.change.freeze'];
const SCOPE_DRIFT_RULE = 'quell.change.scope_drift';

export function ChangesPage() {
  const [loaded] = useApi(() => getJson<{ changes: Change[] }>('/v1/changes'), []);
  const [from, setFrom] = useState(() => weekStart(Date.now()));

  // Open on the week of the window nearest now, so a calendar planned elsewhere in time is not an empty grid.
  useEffect(() => {
    if (loaded.state !== 'ready') return;
    const now = Date.now();
    const starts = loaded.value.changes.flatMap((c) => c.windows.map((w) => w.start));
    if (starts.length === 0 || loaded.value.changes.some((c) => c.windows.some((w) => occurrences(w, weekStart(now), weekStart(now) + WEEK_MS).length > 0))) return;
    const nearest = starts.reduce((best, s) => (Math.abs(s - now) < Math.abs(best - now) ? s : best));
    setFrom(weekStart(nearest));
  }, [loaded]);

  return (
    <>
      <h1>Change calendar</h1>
      <section aria-label="Week" class="week-region">
        <div class="button-row">
          <button type="button" class="secondary" onClick={() => setFrom(weekStart(from - WEEK_MS / 2))}>
            Previous week
          </button>
          <span class="week-label">Week of {dayName.format(from)}</span>
          <button type="button" class="secondary" onClick={() => setFrom(weekStart(from + WEEK_MS + WEEK_MS / 2))}>
            Next week
          </button>
        </div>
        <PanelState loaded={loaded} what="the calendar">
          {(page) => <WeekView from={from} changes={page.changes} />}
        </PanelState>
      </section>
      <section>
        <h2>Changes</h2>
        <PanelState loaded={loaded} what="changes">
          {(page) => <ChangeList changes={page.changes} />}
        </PanelState>
      </section>
      <section>
        <h2>Unapproved changes</h2>
        <GovernanceIncidents rules={UNAPPROVED_RULES} empty="No configuration change without an approved change." />
      </section>
      <section>
        <h2>Scope drift</h2>
        <GovernanceIncidents rules={[SCOPE_DRIFT_RULE]} empty="No device changed outside its change's scope." />
      </section>
    </>
  );
}

function ChangeList({ changes }: { changes: Change[] }) {
  if (changes.length === 0) return <p>No changes in the calendar.</p>;
  const sorted = [...changes].sort((a, b) => (b.windows[0]?.start ?? 0) - (a.windows[0]?.start ?? 0));
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Change</th>
          <th scope="col">Ticket</th>
          <th scope="col">Kind</th>
          <th scope="col">Status</th>
          <th scope="col">Owner</th>
          <th scope="col">First window</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((change) => (
          <tr key={change.id}>
            <td>
              <a href={href('changes', change.id)}>{change.title}</a>
            </td>
            <td>{change.ticketRef ?? '—'}</td>
            <td>{change.kind}</td>
            <td>{change.status}</td>
            <td>{change.owner ?? '—'}</td>
            <td>{change.windows[0] ? `${formatTime(change.windows[0].start)}${change.windows[0].rrule ? ' (recurring)' : ''}` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The change-calendar raises these as alerts; the incidents holding them are what an analyst works. */
function GovernanceIncidents({ rules, empty }: { rules: string[]; empty: string }) {
  const [loaded] = useApi(async () => {
    const pages = await Promise.all(rules.map((rule) => getJson<IncidentPage>(`/v1/incidents?rule=${encodeURIComponent(rule)}&limit=50`)));
    return pages.flatMap((p) => p.items).sort((a, b) => b.lastSeen - a.lastSeen);
  }, [rules.join(',')]);
  return (
    <PanelState loaded={loaded} what="these findings">
      {(incidents) =>
        incidents.length === 0 ? (
          <p>{empty}</p>
        ) : (
          <ul>
            {incidents.map((incident) => (
              <li key={incident.id}>
                <PriorityBadge priority={incident.priority} /> <a href={href('incidents', incident.id)}>{incident.title}</a> — {incident.status}, last seen {formatTime(incident.lastSeen)}
              </li>
            ))}
          </ul>
        )
      }
    </PanelState>
  );
}
