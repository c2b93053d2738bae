import { getJson } from '../api/client';
import type { Alert, Change } from '../api/types';
import { PanelState } from '../components/panel-state';
import { useApi } from '../components/use-api';
import { formatTime } from '../format';
import { href } from '../router';

export function ChangePage({ id }: { id: string }) {
  const [change] = useApi(() => getJson<Change>(`/v1/changes/${encodeURIComponent(id)}`), [id]);
  const [suppressed] = useApi(() => getJson<{ alerts: Alert[] }>(`/v1/changes/${encodeURIComponent(id)}/suppressed-alerts`), [id]);
  return (
    <PanelState loaded={change} what="the change">
      {(c) => (
        <article>
          <h1>{c.title}</h1>
          <p>
            <a href={href('changes')}>Back to the calendar</a>
          </p>
          <dl class="summary">
            <Item term="Ticket" value={c.ticketRef ?? '—'} />
            <Item term="Kind" value={c.kind} />
            <Item term="Status" value={c.status} />
            <Item term="Owner" value={c.owner ?? '—'} />
            <Item term="Approver" value={c.approver ?? '—'} />
            <Item term="Scope" value={[...c.scope.hosts, ...c.scope.ips, ...c.scope.services.map((s) => `service ${s}`), ...c.scope.tags.map((t) => `tag ${t}`)].join(', ') || '—'} />
            <Item term="Windows" value={c.windows.map((w) => `${formatTime(w.start)} – ${formatTime(w.end)}${w.rrule ? ` (${w.rrule}, ${w.timeZone})` : ''}`).join('; ') || '—'} />
          </dl>
          <section>
            <h2>Suppressed alerts</h2>
            <PanelState loaded={suppressed} what="suppressed alerts">
              {(page) => <SuppressedAlerts alerts={page.alerts} />}
            </PanelState>
          </section>
        </article>
      )}
    </PanelState>
  );
}

function Item({ term, value }: { term: string; value: string }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function SuppressedAlerts({ alerts }: { alerts: Alert[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Alert</th>
          <th scope="col">State</th>
          <th scope="col">First seen</th>
          <th scope="col">Entities</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {alerts.length === 0 ? (
          <tr>
            <td colSpan={5}>No suppressed alerts</td>
          </tr>
        ) : (
          alerts.map((alert) => (
            <tr key={alert.id}>
              <td>{alert.rule.title}</td>
              <td>{alert.suppression.state}</td>
              <td>{formatTime(alert.firstSeen)}</td>
              <td>{alert.entities.map((e) => `${e.type}:${e.value}`).join(', ')}</td>
              <td>{alert.suppression.reason ?? '—'}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
