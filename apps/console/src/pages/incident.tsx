import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../api/client';
import type { Alert, EventSample, Incident, IncidentDetail, SimilarAnswer } from '../api/types';
import { IncidentActions } from '../components/incident-actions';
import { KillChain } from '../components/kill-chain';
import { PanelState } from '../components/panel-state';
import { PriorityBadge } from '../components/priority-badge';
import { useApi } from '../components/use-api';
import { formatDuration, formatTime, words } from '../format';
import { href } from '../router';

export function IncidentPage({ id }: { id: string }) {
  const [loaded, reload] = useApi(() => getJson<IncidentDetail>(`/v1/incidents/${encodeURIComponent(id)}`), [id]);
  // An action answers the incident after it: shown at once, the evidence reloads behind it.
  const [acted, setActed] = useState<Incident | null>(null);
  useEffect(() => setActed(null), [loaded]);

  return (
    <PanelState loaded={loaded} what="the incident">
      {(detail) => {
        const incident = acted && acted.version >= detail.incident.version ? acted : detail.incident;
        const reached = [...incident.killChainPhases, ...detail.alerts.flatMap((a) => a.tactics)];
        return (
          <article>
            <h1>{incident.title}</h1>
            <Summary incident={incident} />
            <IncidentActions
              incident={incident}
              onChanged={(updated) => {
                setActed(updated);
                reload();
              }}
              onConflict={reload}
            />
            {detail.unavailable.length > 0 && <p class="notice">Not available right now: {detail.unavailable.join(', ')} (the history did not answer).</p>}
            <section>
              <h2>Why this priority</h2>
              <WhyPriority incident={incident} />
            </section>
            <section>
              <h2>Kill chain</h2>
              <KillChain reached={reached} />
            </section>
            <section>
              <h2>Alerts</h2>
              <Alerts alerts={detail.alerts} />
            </section>
            <section>
              <h2>Sample events</h2>
              <SampleEvents events={detail.sampleEvents} />
            </section>
            <section>
              <h2>Related changes</h2>
              <RelatedChanges incident={incident} />
            </section>
            <section>
              <h2>Similar incidents</h2>
              <Similar id={incident.id} />
            </section>
            <section>
              <h2>Timeline</h2>
              <Timeline incident={incident} />
            </section>
          </article>
        );
      }}
    </PanelState>
  );
}

function Summary({ incident }: { incident: Incident }) {
  return (
    <dl class="summary">
      <div>
        <dt>Priority</dt>
        <dd>
          <PriorityBadge priority={incident.priority} />
        </dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd class="status">{incident.status}</dd>
      </div>
      <div>
        <dt>Severity</dt>
        <dd>{incident.severity}</dd>
      </div>
      <div>
        <dt>Assignee</dt>
        <dd>{incident.assignee ?? 'unassigned'}</dd>
      </div>
      <div>
        <dt>Seen</dt>
        <dd>
          {formatTime(incident.firstSeen)} – {formatTime(incident.lastSeen)}
        </dd>
      </div>
      <div>
        <dt>Services</dt>
        <dd>{incident.services.join(', ') || '—'}</dd>
      </div>
      <div>
        <dt>Entities</dt>
        <dd>{incident.entities.map((e) => `${e.type}:${e.value}`).join(', ') || '—'}</dd>
      </div>
    </dl>
  );
}

function WhyPriority({ incident }: { incident: Incident }) {
  return (
    <>
      <p>{incident.priorityReason ?? `P${incident.priority}; no reason recorded.`}</p>
      {incident.priorityFactors.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Factor</th>
              <th scope="col">Weight</th>
              <th scope="col">Added to the score</th>
            </tr>
          </thead>
          <tbody>
            {incident.priorityFactors.map((f) => (
              <tr key={f.id}>
                <td>{f.label}</td>
                <td class="num">
                  {f.op === '×' || f.op === 'x' ? '×' : '+'}
                  {f.weight}
                </td>
                <td class="num">{f.contribution > 0 ? `+${f.contribution}` : f.contribution}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Alerts({ alerts }: { alerts: Alert[] }) {
  if (alerts.length === 0) return <p>No alerts to show.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Level</th>
          <th scope="col">Kind</th>
          <th scope="col">Events</th>
          <th scope="col">First seen</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((alert) => (
          <tr key={alert.id}>
            <td>{alert.rule.title}</td>
            <td>{alert.rule.level}</td>
            <td>
              {alert.kind}
              {alert.suppression.state !== 'none' && <span class="tag"> {alert.suppression.state}</span>}
            </td>
            <td class="num">{alert.eventCount}</td>
            <td>{formatTime(alert.firstSeen)}</td>
            <td>{alert.explanation ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SampleEvents({ events }: { events: EventSample[] }) {
  if (events.length === 0) return <p>No sample events.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Source</th>
          <th scope="col">Class</th>
          <th scope="col">Action</th>
          <th scope="col">Outcome</th>
          <th scope="col">Host</th>
          <th scope="col">User</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td>{formatTime(event.time)}</td>
            <td>{event.source?.name ?? event.source?.type ?? '—'}</td>
            <td>{event.className}</td>
            <td>{event.action ?? '—'}</td>
            <td>{event.outcome}</td>
            <td>{event.host?.name ?? '—'}</td>
            <td>{event.user?.name ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RelatedChanges({ incident }: { incident: Incident }) {
  if (incident.relatedChanges.length === 0) return <p>No related changes.</p>;
  return (
    <ul>
      {incident.relatedChanges.map((change) => (
        <li key={change.changeId}>
          <a href={href('changes', change.changeId)}>{change.ticket ? `${change.ticket} ${change.title}` : change.title}</a> — {words(change.relation)}
          {change.entity ? ` on ${change.entity}` : ''}, {formatDuration(change.leadMs)} before. {change.summary}
        </li>
      ))}
    </ul>
  );
}

function Similar({ id }: { id: string }) {
  const [loaded] = useApi(() => getJson<SimilarAnswer>(`/v1/incidents/${encodeURIComponent(id)}/similar`), [id]);
  return (
    <PanelState loaded={loaded} what="similar incidents">
      {(answer) =>
        answer.similar.length === 0 ? (
          <p>No similar past incidents.</p>
        ) : (
          <ul>
            {answer.similar.map((s) => (
              <li key={s.id}>
                <a href={href('incidents', s.id)}>{s.title}</a> (score {s.score.toFixed(2)}, {s.resolution ? words(s.resolution) : 'unresolved'}) — {s.summary}
                {s.resolutionNote ? ` “${s.resolutionNote}”` : ''}
              </li>
            ))}
          </ul>
        )
      }
    </PanelState>
  );
}

function Timeline({ incident }: { incident: Incident }) {
  return (
    <ol class="timeline" reversed>
      {[...incident.timeline].reverse().map((entry, i) => (
        <li key={`${entry.at}-${i}`}>
          <time dateTime={new Date(entry.at).toISOString()}>{formatTime(entry.at)}</time> <strong>{words(entry.action)}</strong> by {entry.actor}
          {entry.detail ? ` — ${entry.detail}` : ''}
        </li>
      ))}
    </ol>
  );
}
