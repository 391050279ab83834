// Which page a path shows: patterns like '/runs/:id'; each ':name' matches one path segment, decoded.

/** @return {{page, params: string[]}} or null when no pattern matches */
export function route(routes, path) {
  const segments = path.split('/').filter(Boolean);
  for (const [pattern, page] of routes) {
    const parts = pattern.split('/').filter(Boolean);
    if (parts.length !== segments.length) continue;
    const params = [];
    const matches = parts.every((p, i) => {
      if (p.startsWith(':')) {
        params.push(decodeURIComponent(segments[i]));
        return true;
      }
      return p === segments[i];
    });
    if (matches) return { page, params };
  }
  return null;
}
