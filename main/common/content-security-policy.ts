// The renderer's Content-Security-Policy, one definition for both shells: scripts and workers (the
// profile parser) only from the app itself (no inline, no eval, no blob: workers), inline styles
// allowed (React and recharts set style attributes), connections only back to the console. Sent as a header by the browser-mode server and by the
// Electron app's protocol handler.

export interface CspOptions {
  /** Extra connect-src sources, e.g. "ws://127.0.0.1:4000" for the browser mode's WebSocket. */
  connect?: readonly string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", ...(options.connect ?? [])]],
    ['worker-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}
