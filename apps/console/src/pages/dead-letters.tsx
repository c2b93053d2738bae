import { useState } from 'preact/hooks';
import { postJson, getJson, query } from '../api/client';
import type { DeadLetter, DeadLetterPage } from '../api/types';
import { DeliveryFailures } from '../components/delivery-failures';
import { PanelState } from '../components/panel-state';
import { useApi } from '../components/use-api';
import { formatTime } from '../format';

const PAGE_SIZE = 50;

export function DeadLettersPage() {
  const [stage, setStage] = useState('');
  const [reason, setReason] = useState('');
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [loaded, reload] = useApi(() => getJson<DeadLetterPage>(`/v1/dead-letters${query({ stage, reason: reason.trim(), cursor, limit: PAGE_SIZE })}`), [stage, reason, cursor]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const filter = (apply: () => void) => {
    apply();
    setCursor(undefined);
  };

  const replay = async (letter: DeadLetter) => {
    setMessage(null);
    try {
      const answer = await postJson<{ id: string; replayedTo: string }>(`/v1/dead-letters/${encodeURIComponent(letter.id)}/replay`, {});
      setMessage({ ok: true, text: `Replayed ${answer.id} to ${answer.replayedTo}.` });
      reload();
    } catch (error) {
      setMessage({ ok: false, text: `Replay failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  };

  return (
    <>
      <h1>Dead letters</h1>
      <p class="muted">Records a stage gave up on, kept 30 days. Replay one once its cause is fixed: it goes back to the topic it came from.</p>
      {message && (
        <p class={message.ok ? 'success' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label for="filter-stage">Stage</label>
          <select id="filter-stage" value={stage} onChange={(e) => filter(() => setStage(e.currentTarget.value))}>
            <option value="">Any</option>
            <option value="decode">decode (not a valid record)</option>
            <option value="handle">handle (the stage failed on it)</option>
          </select>
        </div>
        <div>
          <label for="filter-reason">Reason contains</label>
          <input id="filter-reason" type="search" value={reason} onInput={(e) => filter(() => setReason(e.currentTarget.value))} />
        </div>
      </form>
      <PanelState loaded={loaded} what="dead letters">
        {(page) =>
          page.items.length === 0 ? (
            <p>No dead letters{cursor ? ' older than these' : ''}.</p>
          ) : (
            <>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Failed at</th>
                    <th scope="col">Stage</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Origin</th>
                    <th scope="col">Value (start)</th>
                    <th scope="col">Action</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((letter) => (
                    <tr key={letter.id}>
                      <td>{formatTime(letter.failedAt)}</td>
                      <td>{[letter.stage, letter.group].filter(Boolean).join(' · ') || '—'}</td>
                      <td>
                        {letter.reason}
                        {letter.attempts ? ` (${letter.attempts} attempts)` : ''}
                      </td>
                      <td>{letter.origin ? `${letter.origin.topic}[${letter.origin.partition}]@${letter.origin.offset}` : '—'}</td>
                      <td>
                        <code class="preview">{letter.preview}</code>
                      </td>
                      <td>
                        <button type="button" class="secondary" disabled={letter.replayable === false} onClick={() => replay(letter)} title={letter.replayable === false ? (letter.replayedAt ? `Replayed at ${formatTime(letter.replayedAt)}${letter.replayedBy ? ` by ${letter.replayedBy}` : ''}` : (letter.notReplayable ?? 'This letter cannot be replayed')) : undefined}>
                          Replay
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {(cursor || page.nextCursor) && (
                <p>
                  {cursor && (
                    <button type="button" class="secondary" onClick={() => setCursor(undefined)}>
                      Newest
                    </button>
                  )}{' '}
                  {page.nextCursor && (
                    <button type="button" class="secondary" onClick={() => setCursor(page.nextCursor ?? undefined)}>
                      Older
                    </button>
                  )}
                </p>
              )}
            </>
          )
        }
      </PanelState>
      <DeliveryFailures />
    </>
  );
}
