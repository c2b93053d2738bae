import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, postJson } from '../api/client';
import type { Incident } from '../api/types';

const RESOLUTIONS = ['true_positive', 'false_positive', 'benign', 'duplicate', 'other'];
type FormKind = 'assign' | 'comment' | 'resolve';

/**
 * Acknowledge, assign, comment and resolve, each pinned to the version shown (If-Match): a 409
 * means someone acted first, so the page says so and reloads.
 */
export function IncidentActions({ incident, onChanged, onConflict }: { incident: Incident; onChanged: (incident: Incident) => void; onConflict: () => void }) {
  const [open, setOpen] = useState<FormKind | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (action: string, body: Record<string, unknown>) => {
    setBusy(true);
    setMessage(null);
    try {
      const updated = await postJson<Incident>(`/v1/incidents/${encodeURIComponent(incident.id)}/${action}`, body, { 'If-Match': `"${incident.version}"` });
      setOpen(null);
      onChanged(updated);
    } catch (error) {
      const conflict = error instanceof ApiError && error.status === 409;
      setMessage(conflict ? `Not saved: ${error.message}. The incident was reloaded; check it and try again.` : `Not saved: ${error instanceof Error ? error.message : String(error)}`);
      if (conflict) onConflict();
    } finally {
      setBusy(false);
    }
  };

  const toggle = (kind: FormKind) => setOpen(open === kind ? null : kind);
  return (
    <div class="actions">
      <div class="button-row">
        <button type="button" disabled={busy} onClick={() => act('acknowledge', {})}>
          Acknowledge
        </button>
        <button type="button" class="secondary" aria-expanded={open === 'assign'} onClick={() => toggle('assign')}>
          Assign
        </button>
        <button type="button" class="secondary" aria-expanded={open === 'comment'} onClick={() => toggle('comment')}>
          Comment
        </button>
        <button type="button" class="secondary" aria-expanded={open === 'resolve'} onClick={() => toggle('resolve')}>
          Resolve
        </button>
      </div>
      {message && (
        <p class="error" role="alert">
          {message}
        </p>
      )}
      {open === 'assign' && <AssignForm current={incident.assignee} busy={busy} onSave={(assignee) => act('assign', { assignee })} />}
      {open === 'comment' && <CommentForm busy={busy} onSave={(text) => act('comment', { text })} />}
      {open === 'resolve' && <ResolveForm busy={busy} onSave={(resolution, comment) => act('resolve', { resolution, ...(comment ? { comment } : {}) })} />}
    </div>
  );
}

/** The form a button just opened takes the focus, so a keyboard user types into it instead of tabbing past the other buttons. */
function useFocusOnOpen<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

function AssignForm({ current, busy, onSave }: { current: string | null; busy: boolean; onSave: (assignee: string | null) => void }) {
  const [assignee, setAssignee] = useState(current ?? '');
  const first = useFocusOnOpen<HTMLInputElement>();
  return (
    <form class="action-form" onSubmit={(e) => (e.preventDefault(), onSave(assignee.trim() || null))}>
      <label for="assignee">Assignee (empty to unassign)</label>
      <input id="assignee" ref={first} value={assignee} onInput={(e) => setAssignee(e.currentTarget.value)} />
      <button type="submit" disabled={busy}>
        Save
      </button>
    </form>
  );
}

function CommentForm({ busy, onSave }: { busy: boolean; onSave: (text: string) => void }) {
  const [text, setText] = useState('');
  const first = useFocusOnOpen<HTMLTextAreaElement>();
  return (
    <form class="action-form" onSubmit={(e) => (e.preventDefault(), onSave(text.trim()))}>
      <label for="comment-text">Comment</label>
      <textarea id="comment-text" ref={first} required rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      <button type="submit" disabled={busy}>
        Save
      </button>
    </form>
  );
}

function ResolveForm({ busy, onSave }: { busy: boolean; onSave: (resolution: string, comment: string) => void }) {
  const [resolution, setResolution] = useState(RESOLUTIONS[0]);
  const [comment, setComment] = useState('');
  const first = useFocusOnOpen<HTMLSelectElement>();
  return (
    <form class="action-form" onSubmit={(e) => (e.preventDefault(), onSave(resolution, comment.trim()))}>
      <label for="resolution">Resolution</label>
      <select id="resolution" ref={first} value={resolution} onChange={(e) => setResolution(e.currentTarget.value)}>
        {RESOLUTIONS.map((r) => (
          <option key={r} value={r}>
            {r.replace(/_/g, ' ')}
          </option>
        ))}
      </select>
      <label for="resolve-comment">Resolution note</label>
      <textarea id="resolve-comment" rows={2} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      <button type="submit" disabled={busy}>
        Save
      </button>
    </form>
  );
}
