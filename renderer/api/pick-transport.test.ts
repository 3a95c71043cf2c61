import { describe, expect, it } from 'vitest';
import { webSocketUrl } from './pick-transport.js';

describe('webSocketUrl', () => {
  it('takes the token from the page URL and keeps it out of the shown address', () => {
    const r = webSocketUrl({ protocol: 'http:', host: '127.0.0.1:7800', search: '?token=a%2Bb&x=1', pathname: '/' });
    expect(r).toEqual({ url: 'ws://127.0.0.1:7800/api/ws?token=a%2Bb', shown: 'ws://127.0.0.1:7800/api/ws', token: 'a+b' });
  });

  it('uses wss behind https and reports a missing token', () => {
    const r = webSocketUrl({ protocol: 'https:', host: 'jump:443', search: '', pathname: '/' });
    expect(r).toEqual({ url: 'wss://jump:443/api/ws', shown: 'wss://jump:443/api/ws', token: null });
  });
});
