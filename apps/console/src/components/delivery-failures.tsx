import { getJson } from '../api/client';
import type { DeliveryAttempt } from '../api/types';
import { formatTime } from '../format';
import { href } from '../router';
import { PanelState } from './panel-state';
import { useApi } from './use-api';

/** The notifications the notifier gave up on (GET /v1/deliveries?status=failed), newest first. */
export function DeliveryFailures() {
  const [loaded] = useApi(() => getJson<{ items: DeliveryAttempt[] }>('/v1/deliveries?status=failed&limit=100'), []);
  return (
    <section aria-labelledby="delivery-failures">
      <h2 id="delivery-failures">Delivery failures</h2>
      <PanelState loaded={loaded} what="delivery failures">
        {(page) =>
          page.items.length === 0 ? (
            <p>No failed deliveries.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Failed at</th>
                  <th scope="col">Incident</th>
                  <th scope="col">Channel</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((failure) => (
                  <tr key={`${failure.incidentId}/${failure.transition}/${failure.channel}/${failure.attempt}`}>
                    <td>{formatTime(failure.at)}</td>
                    <td>
                      <a href={href('incidents', failure.incidentId)}>{failure.incidentId}</a> ({failure.transition})
                    </td>
                    <td>{failure.channel}</td>
                    <td>{failure.attempt}</td>
                    <td>
                      {failure.error ?? '—'}
                      {failure.httpStatus ? ` (HTTP ${failure.httpStatus})` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </PanelState>
    </section>
  );
}
