// The four tables of RFC 6121 Appendix A.2 (outbound) and A.3 (inbound), transcribed row by row.
import { describe, expect, it } from 'vitest';
import { inboundStep, outboundStep, type SubscriptionState, type SubscriptionType } from './subscription-states.js';

const STATES: Record<string, SubscriptionState> = {
  None: { subscription: 'none', pendingOut: false, pendingIn: false },
  'None + Pending Out': { subscription: 'none', pendingOut: true, pendingIn: false },
  'None + Pending In': { subscription: 'none', pendingOut: false, pendingIn: true },
  'None + Pending Out/In': { subscription: 'none', pendingOut: true, pendingIn: true },
  To: { subscription: 'to', pendingOut: false, pendingIn: false },
  'To + Pending In': { subscription: 'to', pendingOut: false, pendingIn: true },
  From: { subscription: 'from', pendingOut: false, pendingIn: false },
  'From + Pending Out': { subscription: 'from', pendingOut: true, pendingIn: false },
  Both: { subscription: 'both', pendingOut: false, pendingIn: false },
};

// [existing state, routed/delivered?, new state ('' = no state change)]
type Row = [string, boolean, string];

const OUTBOUND: Record<SubscriptionType, Row[]> = {
  // A.2.1
  subscribe: [
    ['None', true, 'None + Pending Out'],
    ['None + Pending Out', true, ''],
    ['None + Pending In', true, 'None + Pending Out/In'],
    ['None + Pending Out/In', true, ''],
    ['To', true, ''],
    ['To + Pending In', true, ''],
    ['From', true, 'From + Pending Out'],
    ['From + Pending Out', true, ''],
    ['Both', true, ''],
  ],
  // A.2.2
  unsubscribe: [
    ['None', true, ''],
    ['None + Pending Out', true, 'None'],
    ['None + Pending In', true, ''],
    ['None + Pending Out/In', true, 'None + Pending In'],
    ['To', true, 'None'],
    ['To + Pending In', true, 'None + Pending In'],
    ['From', true, ''],
    ['From + Pending Out', true, 'From'],
    ['Both', true, 'From'],
  ],
  // A.2.3
  subscribed: [
    ['None', false, ''],
    ['None + Pending Out', false, ''],
    ['None + Pending In', true, 'From'],
    ['None + Pending Out/In', true, 'From + Pending Out'],
    ['To', false, ''],
    ['To + Pending In', true, 'Both'],
    ['From', false, ''],
    ['From + Pending Out', false, ''],
    ['Both', false, ''],
  ],
  // A.2.4
  unsubscribed: [
    ['None', false, ''],
    ['None + Pending Out', false, ''],
    ['None + Pending In', true, 'None'],
    ['None + Pending Out/In', true, 'None + Pending Out'],
    ['To', false, ''],
    ['To + Pending In', true, 'To'],
    ['From', true, 'None'],
    ['From + Pending Out', true, 'None + Pending Out'],
    ['Both', true, 'To'],
  ],
};

const INBOUND: Record<SubscriptionType, Row[]> = {
  // A.3.1 (from/both: not delivered, the server auto-replies "subscribed")
  subscribe: [
    ['None', true, 'None + Pending In'],
    ['None + Pending Out', true, 'None + Pending Out/In'],
    ['None + Pending In', false, ''],
    ['None + Pending Out/In', false, ''],
    ['To', true, 'To + Pending In'],
    ['To + Pending In', false, ''],
    ['From', false, ''],
    ['From + Pending Out', false, ''],
    ['Both', false, ''],
  ],
  // A.3.2
  unsubscribe: [
    ['None', false, ''],
    ['None + Pending Out', false, ''],
    ['None + Pending In', true, 'None'],
    ['None + Pending Out/In', true, 'None + Pending Out'],
    ['To', false, ''],
    ['To + Pending In', true, 'To'],
    ['From', true, 'None'],
    ['From + Pending Out', true, 'None + Pending Out'],
    ['Both', true, 'To'],
  ],
  // A.3.3
  subscribed: [
    ['None', false, ''],
    ['None + Pending Out', true, 'To'],
    ['None + Pending In', false, ''],
    ['None + Pending Out/In', true, 'To + Pending In'],
    ['To', false, ''],
    ['To + Pending In', false, ''],
    ['From', false, ''],
    ['From + Pending Out', true, 'Both'],
    ['Both', false, ''],
  ],
  // A.3.4
  unsubscribed: [
    ['None', false, ''],
    ['None + Pending Out', true, 'None'],
    ['None + Pending In', false, ''],
    ['None + Pending Out/In', true, 'None + Pending In'],
    ['To', true, 'None'],
    ['To + Pending In', true, 'None + Pending In'],
    ['From', false, ''],
    ['From + Pending Out', true, 'From'],
    ['Both', true, 'From'],
  ],
};

describe('RFC 6121 Appendix A.2: outbound subscription stanzas', () => {
  for (const [type, rows] of Object.entries(OUTBOUND) as [SubscriptionType, Row[]][]) {
    it.each(rows)(`${type} in "%s": route=%s, new state "%s"`, (existing, route, next) => {
      const step = outboundStep(STATES[existing], type);
      expect(step.route).toBe(route);
      expect(step.next).toEqual(STATES[next === '' ? existing : next]);
    });
  }
});

describe('RFC 6121 Appendix A.3: inbound subscription stanzas', () => {
  for (const [type, rows] of Object.entries(INBOUND) as [SubscriptionType, Row[]][]) {
    it.each(rows)(`${type} in "%s": deliver=%s, new state "%s"`, (existing, deliver, next) => {
      const step = inboundStep(STATES[existing], type);
      expect(step.deliver).toBe(deliver);
      expect(step.next).toEqual(STATES[next === '' ? existing : next]);
    });
  }

  it('auto-replies "subscribed" exactly when the contact is already subscribed (A.3.1 footnote)', () => {
    const replying = Object.entries(STATES)
      .filter(([, state]) => inboundStep(state, 'subscribe').autoReply)
      .map(([name]) => name);
    expect(replying).toEqual(['From', 'From + Pending Out', 'Both']);
    for (const type of ['subscribed', 'unsubscribe', 'unsubscribed'] as const) {
      expect(Object.values(STATES).some((state) => inboundStep(state, type).autoReply)).toBe(false);
    }
  });
});
