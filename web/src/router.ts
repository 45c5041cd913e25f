/** Hash routes: '#/loans/l0001?asOf=…' → the path, its parameters and the query. Pure. */

/** '/loans/l0001' against '/loans/:lid' → { lid: 'l0001' }; undefined when it does not fit. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = got[i] ?? '';
    if (part.startsWith(':')) {
      if (!value) return undefined;
      params[part.slice(1)] = decodeURIComponent(value);
    } else if (part !== value) return undefined;
  }
  return params;
}

export function splitHash(hash: string): { path: string; query: URLSearchParams } {
  const [path = '/', search = ''] = (hash.replace(/^#/, '') || '/').split('?');
  return { path: path || '/', query: new URLSearchParams(search) };
}
