import type { ComponentChildren } from 'preact';
import { goToLogin } from '../api/session';
import { href } from '../router';

const LINKS = [
  { page: 'incidents', label: 'Incidents' },
  { page: 'changes', label: 'Changes' },
  { page: 'rules', label: 'Rules' },
  { page: 'funnel', label: 'Funnel' },
  { page: 'dead-letters', label: 'Dead letters' },
];

/** The frame of every signed-in page: skip link, main navigation, content. */
export function Layout({ page, children }: { page: string; children: ComponentChildren }) {
  return (
    <>
      <a class="skip" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Quell</span>
        <nav aria-label="Main">
          <ul>
            {LINKS.map((link) => (
              <li key={link.page}>
                <a href={href(link.page)} aria-current={link.page === page ? 'page' : undefined}>
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" class="secondary" onClick={goToLogin}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** The hash is the router's: move focus to the content without changing it. */
function skipToMain(event: Event) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
