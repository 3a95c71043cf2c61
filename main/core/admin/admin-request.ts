// Turns an admin contract endpoint (embedded-server/admin/contract) and its inputs into the HTTP
// request to send: the path with its :params filled in and the query string. The contract's schemas
// stay the node's to enforce; here values are only encoded.
import type { Endpoint, Stream } from '../../../embedded-server/admin/contract/define.js';

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined | null;

export function fillPath(path: string, params: Record<string, string | number> | undefined): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, key: string) => {
    const value = params?.[key];
    if (value === undefined) throw new TypeError(`missing path parameter "${key}" for ${path}`);
    return encodeURIComponent(String(value));
  });
}

/** Arrays become comma-separated values: the admin server keeps one value per query key. */
export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (query === undefined) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','));
    } else {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export interface EndpointInput {
  params?: Record<string, string | number>;
  query?: Record<string, QueryValue>;
  body?: unknown;
}

export function endpointTarget(endpoint: Pick<Endpoint, 'path'>, input: EndpointInput): string {
  return fillPath(endpoint.path, input.params) + queryString(input.query);
}

export function streamTarget(stream: Pick<Stream, 'path'>, filter: Record<string, QueryValue> | undefined): string {
  return stream.path + queryString(filter);
}
