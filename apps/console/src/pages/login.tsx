import { useEffect, useState } from 'preact/hooks';
import { consoleConfig, type ConsoleConfig } from '../api/console-config';
import { startSignIn, takeSignInError } from '../api/oidc-sign-in';
import { session } from '../api/session';

/** Sign in with an API key (checked with one read before it is kept for the session), or through the OIDC provider when the server names one. */
export function LoginPage() {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(takeSignInError);
  const [busy, setBusy] = useState(false);
  const [oidc, setOidc] = useState<ConsoleConfig['oidc']>();
  useEffect(() => void consoleConfig().then((config) => setOidc(config.oidc)), []);

  const signInWithProvider = async () => {
    if (!oidc) return;
    setBusy(true);
    setError(null);
    try {
      await startSignIn(oidc);
    } catch (failure) {
      setError(`${oidc.providerName} could not be reached: ${(failure as Error).message}`);
      setBusy(false);
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/v1/incidents?limit=1', { headers: { Authorization: `Bearer ${key.trim()}` } });
      if (res.status === 401 || res.status === 403) return setError('That API key was not accepted.');
      session.signIn(key.trim());
      // Back to the page asked for; the same hash fires no hashchange, so the router is told.
      const target = location.hash && location.hash !== '#/login' ? location.hash : '#/incidents';
      if (location.hash === target) dispatchEvent(new HashChangeEvent('hashchange'));
      else location.hash = target;
    } catch {
      setError('The server did not answer; try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login">
      <h1>Sign in to Quell</h1>
      {oidc && (
        <p>
          <button type="button" class="sign-in-provider" disabled={busy} onClick={signInWithProvider}>
            Sign in with {oidc.providerName}
          </button>
        </p>
      )}
      <form onSubmit={submit}>
        <label for="api-key">API key</label>
        <input id="api-key" type="text" autoComplete="off" spellcheck={false} required value={key} onInput={(e) => setKey(e.currentTarget.value)} />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p class="muted">The demo key is printed in the all-in-one's start-up banner.</p>
    </main>
  );
}
