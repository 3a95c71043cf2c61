import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from './route.js';

describe('routes', () => {
  it('round-trips every route through the hash', () => {
    const routes: Route[] = [
      { view: 'overview' },
      { view: 'cluster-logs' },
      { view: 'profiles' },
      { view: 'node', nodeId: 'local 1/x', tab: 'details' },
      { view: 'node', nodeId: 'n2', tab: 'logs' },
      { view: 'node', nodeId: 'n2', tab: 'metrics' },
      { view: 'node', nodeId: 'n2', tab: 'processes' },
      { view: 'node', nodeId: 'n2', tab: 'traces' },
      { view: 'node', nodeId: 'n2', tab: 'traces', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' },
      { view: 'node', nodeId: 'n2', tab: 'logs', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' },
      { view: 'node', nodeId: 'n2', tab: 'console' },
      { view: 'node', nodeId: 'n2', tab: 'profiler' },
    ];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
  });

  it('falls back to the overview and to the details tab', () => {
    expect(parseRoute('')).toEqual({ view: 'overview' });
    expect(parseRoute('#/nowhere')).toEqual({ view: 'overview' });
    expect(parseRoute('#/nodes/a/bogus')).toEqual({ view: 'node', nodeId: 'a', tab: 'details' });
    expect(parseRoute('#/profiles/extra')).toEqual({ view: 'profiles' });
  });
});
