// Messages the node sends to a c2s process (the process that owns one client connection).
import type { Jid } from '../base/jid.js';
import type { XmlElement } from '../base/xml/element.js';
import type { StanzaMeta } from './telemetry.js';

export type SessionMessage =
  /** A stanza routed to this session; the c2s runs user_receive_packet and writes it. */
  | { type: 'deliver'; from: Jid; to: Jid; stanza: XmlElement; meta?: StanzaMeta }
  /** Another login bound the same full JID (RFC 6120 §7.7.2.2): close with <conflict/>. */
  | { type: 'replaced' }
  /** An operator or the node asks the session to end with a stream error. */
  | { type: 'close'; condition: 'policy-violation' | 'system-shutdown' | 'conflict' | 'not-authorized' | 'reset'; text?: string };
