// The browser mode's access token: printed in the URL (?token=…), checked on every HTTP request
// and on the WebSocket upgrade. After the first page load the token also rides in an HttpOnly,
// SameSite=Strict cookie, so the page's own assets and a reconnecting socket need no URL token.
// Cookies are not port-specific, so the cookie name carries the port.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

export function cookieName(port: number): string {
  return `meerkat_console_${port}`;
}

function sameToken(given: string | undefined | null, expected: string): boolean {
  if (given === undefined || given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export type TokenSource = 'url' | 'cookie';

/** Where a valid token came from, or undefined when the request has none that matches. */
export function presentedToken(req: IncomingMessage, url: URL, token: string, port: number): TokenSource | undefined {
  if (sameToken(url.searchParams.get('token'), token)) return 'url';
  if (sameToken(cookieValue(req.headers.cookie, cookieName(port)), token)) return 'cookie';
  return undefined;
}

export function tokenCookie(token: string, port: number): string {
  return `${cookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Loopback names this server answers to; anything else in Host is a DNS-rebinding attempt. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/** A browser always sends Origin on a WebSocket upgrade; it must be this server's own. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}
