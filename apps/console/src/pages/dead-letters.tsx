import { useState } from 'preact/hooks';
import { postJson, getJson } from '../api/client';
import type { DeadLetter } from '../api/types';
import { PanelState } from '../components/panel-state';
import { useApi } from '../components/use-api';
import { formatTime } from '../format';

export function DeadLettersPage() {
  const [loaded, reload] = useApi(() => getJson<{ items: DeadLetter[]; total: number; dropped: number }>('/v1/dead-letters'), []);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

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
      {message && (
        <p class={message.ok ? 'success' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <PanelState loaded={loaded} what="dead letters">
        {(page) =>
          page.items.length === 0 ? (
            <p>No dead letters.</p>
          ) : (
            <>
              <p class="muted">
                {page.total} held{page.dropped ? `, ${page.dropped} older ones dropped` : ''}.
              </p>
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
                      <td>{letter.stage ?? '—'}</td>
                      <td>
                        {letter.reason}
                        {letter.attempts ? ` (${letter.attempts} attempts)` : ''}
                      </td>
                      <td>{letter.origin ? `${letter.origin.topic}[${letter.origin.partition}]@${letter.origin.offset}` : '—'}</td>
                      <td>
                        <code class="preview">{letter.preview}</code>
                      </td>
                      <td>
                        <button type="button" class="secondary" disabled={letter.replayable === false} onClick={() => replay(letter)} title={letter.replayable === false ? (letter.replayedAt ? `Replayed at ${formatTime(letter.replayedAt)}` : (letter.notReplayable ?? 'This letter cannot be replayed')) : undefined}>
                          Replay
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )
        }
      </PanelState>
    </>
  );
}
