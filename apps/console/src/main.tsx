import { render } from 'preact';
import { finishSignIn } from './api/oidc-sign-in';
import { App } from './app';
import './styles.css';

// Back from the OIDC provider, the code is exchanged first, so the first page already has its token.
void finishSignIn().finally(() => render(<App />, document.getElementById('app') as HTMLElement));
