import { session } from './api/session';
import { Layout } from './components/layout';
import { ChangePage } from './pages/change';
import { ChangesPage } from './pages/changes';
import { DeadLettersPage } from './pages/dead-letters';
import { FunnelPage } from './pages/funnel';
import { IncidentPage } from './pages/incident';
import { IncidentsPage } from './pages/incidents';
import { LoginPage } from './pages/login';
import { RulesPage } from './pages/rules';
import { href, useRoute, type Route } from './router';

const TITLES: Record<string, string> = { incidents: 'Incidents', changes: 'Changes', rules: 'Rules', funnel: 'Funnel', 'dead-letters': 'Dead letters' };

/** Without a key every page is the login page; with one, the hash picks the page. */
export function App() {
  const route = useRoute();
  if (route.page === 'login' || !session.key()) {
    document.title = 'Sign in · Quell';
    return <LoginPage />;
  }
  document.title = `${TITLES[route.page] ?? 'Not found'} · Quell`;
  return (
    <Layout page={route.page}>
      <Page route={route} />
    </Layout>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'incidents':
      return route.id ? <IncidentPage key={route.id} id={route.id} /> : <IncidentsPage />;
    case 'changes':
      return route.id ? <ChangePage key={route.id} id={route.id} /> : <ChangesPage />;
    case 'rules':
      return <RulesPage />;
    case 'funnel':
      return <FunnelPage />;
    case 'dead-letters':
      return <DeadLettersPage />;
    default:
      return (
        <>
          <h1>Page not found</h1>
          <p>
            <a href={href('incidents')}>Go to the incidents</a>
          </p>
        </>
      );
  }
}
