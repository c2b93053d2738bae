import type { ComponentChildren } from 'preact';
import type { Loaded } from './use-api';

/** Renders a loaded value, or a loading / not-available / error state in its place. */
export function PanelState<T>({ loaded, children, what }: { loaded: Loaded<T>; what: string; children: (value: T) => ComponentChildren }) {
  if (loaded.state === 'loading') return <p class="muted" aria-live="polite">Loading {what}…</p>;
  if (loaded.state === 'unavailable') return <p class="notice">{capitalise(what)}: not available on this server ({loaded.message}).</p>;
  if (loaded.state === 'failed') return <p class="error" role="alert">Could not load {what}: {loaded.message}</p>;
  return <>{children(loaded.value)}</>;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
