// Admin API: bound client sessions (RFC 6120 §7 resources), kicking them, and messages sent as the
// server. Implemented by admin/routes/sessions-routes.ts; times are epoch milliseconds.
import * as z from 'zod';
import { endpoint } from './define.js';

export const MAX_SESSIONS_PAGE = 1000;

export interface SessionRow {
  /** Full JID of the bound resource. */
  jid: string;
  bare: string;
  /** The c2s process serving the connection (see /api/processes/:pid). */
  pid: number;
  pid_text: string;
  transport: 'tcp' | 'websocket';
  /** The client's address. */
  peer: string;
  started_at_ms: number;
  /** RFC 6121 §4.2: sent initial presence and not gone unavailable since. */
  available: boolean;
  priority: number;
  /** From the last broadcast presence: away, chat, dnd, xa (absent = online). */
  show?: string;
  status?: string;
}

export interface SessionList {
  /** Sessions matching the filter (all sessions when no user is given). */
  total: number;
  offset: number;
  limit: number;
  sessions: SessionRow[];
}

export interface KickResult {
  kicked: { jid: string; pid: number }[];
}

export interface SentMessage {
  /** The stanza id, to find it in logs and traces. */
  id: string;
  from: string;
  to: string;
  type: MessageType;
}

export const MESSAGE_TYPES = ['chat', 'normal', 'headline'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

const jidText = z.string().min(1, { error: 'expected a JID' }).max(3071, { error: 'a JID is at most 3071 bytes' });

export const sessionsList = endpoint<SessionList>()({
  name: 'sessions.list',
  method: 'GET',
  path: '/api/sessions',
  summary: "Bound sessions, optionally one user's (by bare JID), in pages",
  query: z.strictObject({
    user: jidText.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_SESSIONS_PAGE).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  }),
});

export const sessionsKick = endpoint<KickResult>()({
  name: 'sessions.kick',
  method: 'DELETE',
  path: '/api/sessions/:jid',
  summary: 'Ends the session of one full JID with a stream error (404 when it has none)',
  params: z.strictObject({ jid: jidText }),
});

export const sessionsKickUser = endpoint<KickResult>()({
  name: 'sessions.kick_user',
  method: 'DELETE',
  path: '/api/sessions',
  summary: "Ends all of a user's sessions (by bare JID) with a stream error",
  query: z.strictObject({ user: jidText }),
});

export const messagesSend = endpoint<SentMessage>()({
  name: 'messages.send',
  method: 'POST',
  path: '/api/messages',
  summary: "Routes a message from the server's domain (or a given JID of a served domain); offline storage applies",
  body: z.strictObject({
    to: jidText,
    body: z.string().min(1, { error: 'the body is empty' }).max(65_536, { error: 'the body is longer than 64 KB' }),
    type: z.enum(MESSAGE_TYPES).default('chat'),
    from: jidText.optional(),
  }),
});
