import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './content-security-policy.js';

/** The policy as directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split('; ').map((directive) => {
    const [name, ...sources] = directive.split(' ');
    return [name, sources];
  }));
}

describe('contentSecurityPolicy', () => {
  it('lets scripts and workers come only from the app itself, never inline, eval or blob:', () => {
    const policy = directives(contentSecurityPolicy());
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('worker-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toContain('unsafe-eval');
  });

  it('adds the given connect sources to the app itself', () => {
    const policy = directives(contentSecurityPolicy({ connect: ['ws://127.0.0.1:4000'] }));
    expect(policy.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4000']);
  });
});
