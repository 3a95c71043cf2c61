// RFC 6121 Appendix A: subscription states and how the four subscription stanzas move a roster item
// between them — A.2 on the server of the user who sends the stanza (outbound), A.3 on the server of
// the user who receives it (inbound). Pure functions over a small value so each table row can be tested.
import type { RosterItem, Subscription } from '../../storage/storage.js';

export type SubscriptionType = 'subscribe' | 'subscribed' | 'unsubscribe' | 'unsubscribed';

/** An Appendix A.1 state: "None + Pending Out/In" is {subscription:'none', pendingOut:true, pendingIn:true}. */
export interface SubscriptionState {
  subscription: Subscription;
  pendingOut: boolean;
  pendingIn: boolean;
}

export interface OutboundStep {
  /** Whether the user's server routes the stanza to the contact. */
  route: boolean;
  next: SubscriptionState;
}

export interface InboundStep {
  /** Whether the stanza is delivered to the user's available resources. */
  deliver: boolean;
  next: SubscriptionState;
  /** A.3.1 footnote: the contact is already subscribed, so the server answers "subscribed" on the user's behalf. */
  autoReply: boolean;
}

const SUBSCRIPTION_TYPES: ReadonlySet<string> = new Set(['subscribe', 'subscribed', 'unsubscribe', 'unsubscribed']);

export function isSubscriptionType(type: string | undefined): type is SubscriptionType {
  return type !== undefined && SUBSCRIPTION_TYPES.has(type);
}

/** The user receives the contact's presence. */
export function hasTo(subscription: Subscription): boolean {
  return subscription === 'to' || subscription === 'both';
}

/** The contact receives the user's presence. */
export function hasFrom(subscription: Subscription): boolean {
  return subscription === 'from' || subscription === 'both';
}

function compose(to: boolean, from: boolean): Subscription {
  if (to) return from ? 'both' : 'to';
  return from ? 'from' : 'none';
}

export function stateOf(item: RosterItem | undefined): SubscriptionState {
  if (item === undefined) return { subscription: 'none', pendingOut: false, pendingIn: false };
  return { subscription: item.subscription, pendingOut: item.askOut, pendingIn: item.pendingIn };
}

export function sameState(a: SubscriptionState, b: SubscriptionState): boolean {
  return a.subscription === b.subscription && a.pendingOut === b.pendingOut && a.pendingIn === b.pendingIn;
}

/** Appendix A.2: the user sent `type` to the contact. Pre-approval (§3.4) is layered on top by the caller. */
export function outboundStep(state: SubscriptionState, type: SubscriptionType): OutboundStep {
  const to = hasTo(state.subscription);
  const from = hasFrom(state.subscription);
  switch (type) {
    case 'subscribe':
      // A.2.1: always routed; asking again while pending or subscribed changes nothing.
      return { route: true, next: to ? state : { ...state, pendingOut: true } };
    case 'unsubscribe':
      // A.2.2: always routed; drops "to" and any pending outbound request.
      return { route: true, next: { ...state, subscription: compose(false, from), pendingOut: false } };
    case 'subscribed':
      // A.2.3: only answers a pending inbound request.
      if (!state.pendingIn) return { route: false, next: state };
      return { route: true, next: { subscription: compose(to, true), pendingOut: state.pendingOut, pendingIn: false } };
    case 'unsubscribed':
      // A.2.4: denies a pending request, or cancels the contact's existing subscription.
      if (state.pendingIn) return { route: true, next: { ...state, pendingIn: false } };
      if (from) return { route: true, next: { ...state, subscription: compose(to, false) } };
      return { route: false, next: state };
  }
}

/** Appendix A.3: the contact's `type` reached the user. Pre-approval (§3.4) is layered on top by the caller. */
export function inboundStep(state: SubscriptionState, type: SubscriptionType): InboundStep {
  const to = hasTo(state.subscription);
  const from = hasFrom(state.subscription);
  const unchanged = { deliver: false, next: state, autoReply: false };
  switch (type) {
    case 'subscribe':
      // A.3.1: already subscribed → auto-reply; already pending → do not deliver twice.
      if (from) return { ...unchanged, autoReply: true };
      if (state.pendingIn) return unchanged;
      return { deliver: true, next: { ...state, pendingIn: true }, autoReply: false };
    case 'unsubscribe':
      // A.3.2: withdraws a pending request or ends the contact's subscription to the user.
      if (state.pendingIn) return { deliver: true, next: { ...state, pendingIn: false }, autoReply: false };
      if (from) return { deliver: true, next: { ...state, subscription: compose(to, false) }, autoReply: false };
      return unchanged;
    case 'subscribed':
      // A.3.3: only an approval of a request the user actually sent counts.
      if (!state.pendingOut) return unchanged;
      return { deliver: true, next: { ...state, subscription: compose(true, from), pendingOut: false }, autoReply: false };
    case 'unsubscribed':
      // A.3.4: denial of a pending request, or the contact cancelled the user's subscription.
      if (!state.pendingOut && !to) return unchanged;
      return { deliver: true, next: { ...state, subscription: compose(false, from), pendingOut: false }, autoReply: false };
  }
}
