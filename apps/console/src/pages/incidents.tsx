import { useEffect, useMemo, useState } from 'preact/hooks';
import { getJson, query } from '../api/client';
import { followStream } from '../api/sse';
import type { Incident, IncidentPage } from '../api/types';
import { PanelState } from '../components/panel-state';
import { PRIORITY_MEANING, PriorityBadge } from '../components/priority-badge';
import { useApi } from '../components/use-api';
import { formatTime } from '../format';
import { byPriorityThenNewest } from '../incident-order';
import { href } from '../router';

const STATUSES = ['open', 'acknowledged', 'resolved', 'closed'];
/** The queue shows this many; the API pages by cursor beyond it. */
const QUEUE_LIMIT = 200;
/** Changes arrive in bursts (a storm): one reload per burst. */
const RELOAD_DEBOUNCE_MS = 800;

export function IncidentsPage() {
  const [status, setStatus] = useState('');
  const [priority, setPriority] = useState('');
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [live, setLive] = useState(false);
  const [loaded, reload] = useApi(() => getJson<IncidentPage>(`/v1/incidents${query({ status, priority, q, limit: QUEUE_LIMIT })}`), [status, priority, q]);

  // The search box filters after a pause in typing, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setLive(true);
    void followStream(
      '/v1/incidents/stream',
      (message) => {
        if (message.event !== 'incident' && message.event !== 'resync') return;
        clearTimeout(timer);
        timer = setTimeout(reload, RELOAD_DEBOUNCE_MS);
      },
      controller.signal,
    ).finally(() => setLive(false));
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [reload]);

  const sorted = useMemo(() => (loaded.state === 'ready' ? [...loaded.value.items].sort(byPriorityThenNewest) : []), [loaded]);

  return (
    <>
      <h1>Incidents</h1>
      <p class="muted" aria-live="polite">
        {live ? 'Live: the queue updates as incidents change.' : 'Not following live updates.'}
      </p>
      <PriorityCounts incidents={sorted} />
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label for="filter-status">Status</label>
          <select id="filter-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-priority">Priority</label>
          <select id="filter-priority" value={priority} onChange={(e) => setPriority(e.currentTarget.value)}>
            <option value="">Any</option>
            {[1, 2, 3, 4, 5].map((p) => (
              <option key={p} value={String(p)}>
                {PRIORITY_MEANING[p]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-search">Search</label>
          <input id="filter-search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} placeholder="title, entity, assignee" />
        </div>
      </form>
      <PanelState loaded={loaded} what="incidents">
        {() => <IncidentTable incidents={sorted} />}
      </PanelState>
    </>
  );
}

function PriorityCounts({ incidents }: { incidents: Incident[] }) {
  const counts = [1, 2, 3, 4, 5].map((p) => ({ p, count: incidents.filter((i) => i.priority === p).length }));
  return (
    <section class="counts" aria-label="Counts by priority">
      <ul>
        {counts.map(({ p, count }) => (
          <li key={p}>
            <PriorityBadge priority={p} /> <span class="count">{count}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function IncidentTable({ incidents }: { incidents: Incident[] }) {
  if (incidents.length === 0) return <p>No incidents match.</p>;
  return (
    <table>
      <caption class="visually-hidden">Incidents, highest priority first</caption>
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col">Priority</th>
          <th scope="col">Status</th>
          <th scope="col">Severity</th>
          <th scope="col">Alerts</th>
          <th scope="col">Assignee</th>
          <th scope="col">Last seen</th>
        </tr>
      </thead>
      <tbody>
        {incidents.map((incident) => (
          <tr key={incident.id}>
            <td>
              <a href={href('incidents', incident.id)}>{incident.title}</a>
            </td>
            <td>
              <PriorityBadge priority={incident.priority} />
            </td>
            <td>{incident.status}</td>
            <td>{incident.severity}</td>
            <td class="num">{incident.alertCount}</td>
            <td>{incident.assignee ?? '—'}</td>
            <td>{formatTime(incident.lastSeen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
