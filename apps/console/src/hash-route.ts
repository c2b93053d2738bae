/** Hash routes only (`#/incidents/<id>`): the server serves one index.html and knows no routes. */
export interface Route {
  page: string;
  id: string | null;
}

export function parseHash(hash: string): Route {
  const [page = '', id] = hash.replace(/^#\/?/, '').split('/');
  return { page: page || 'incidents', id: id ? decodeURIComponent(id) : null };
}

export const href = (page: string, id?: string): string => (id ? `#/${page}/${encodeURIComponent(id)}` : `#/${page}`);
