import { useEffect, useState } from 'preact/hooks';
import { parseHash, type Route } from './hash-route';

export { href, type Route } from './hash-route';

/** The current hash route, following hashchange. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
