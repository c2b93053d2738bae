import { request } from './client';

export interface SseMessage {
  event: string;
  id: string | null;
  data: string;
}

/**
 * Reads a server-sent event stream with fetch (EventSource cannot send the Authorization header);
 * reconnects after a drop with Last-Event-ID until `signal` aborts.
 */
export async function followStream(path: string, onMessage: (message: SseMessage) => void, signal: AbortSignal): Promise<void> {
  let lastId: string | null = null;
  let retryMs = 3000;
  while (!signal.aborted) {
    try {
      const res = await request(path, { signal, headers: { accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) } });
      const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
      if (!reader) return;
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const blocks = buffer.split(/\r?\n\r?\n/);
        buffer = blocks.pop() ?? '';
        for (const block of blocks) {
          const message = parseBlock(block);
          if (message.retry !== undefined) retryMs = message.retry;
          if (message.id) lastId = message.id;
          if (message.data !== null) onMessage({ event: message.event, id: message.id, data: message.data });
        }
      }
    } catch (error) {
      if (signal.aborted || (error as { status?: number }).status === 401) return;
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}

function parseBlock(block: string) {
  let event = 'message';
  let id: string | null = null;
  let retry: number | undefined;
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  }
  return { event, id, retry, data: data.length ? data.join('\n') : null };
}
