// Admin API: the node's accounts. Passwords go in once (POST) and are stored only as SCRAM
// credentials (RFC 5802/7677); they are never returned or logged. Implemented by
// admin/routes/users-routes.ts.
import * as z from 'zod';
import { endpoint } from './define.js';

export const MAX_USERS_PAGE = 1000;

export interface UserRow {
  /** Bare JID. */
  jid: string;
  /** Bound resources right now. */
  sessions: number;
}

export interface UserList {
  /** Accounts on the host (all hosts when none is given). */
  total: number;
  offset: number;
  limit: number;
  /** Sorted by JID. */
  users: UserRow[];
}

export interface UserCreated {
  jid: string;
}

export interface UserDeleted {
  jid: string;
  /** Sessions that were ended with the account. */
  kicked_sessions: number;
}

const jidText = z.string().min(1, { error: 'expected a JID' }).max(3071, { error: 'a JID is at most 3071 bytes' });

export const usersList = endpoint<UserList>()({
  name: 'users.list',
  method: 'GET',
  path: '/api/users',
  summary: 'Accounts sorted by JID, optionally of one host, in pages',
  query: z.strictObject({
    host: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_USERS_PAGE).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  }),
});

export const usersCreate = endpoint<UserCreated>()({
  name: 'users.create',
  method: 'POST',
  path: '/api/users',
  summary: 'Creates an account (409 when it exists, 400 for a JID that is not a bare JID of a served host)',
  body: z.strictObject({
    jid: jidText,
    password: z.string().min(1, { error: 'the password is empty' }).max(1024, { error: 'the password is longer than 1024 characters' }),
  }),
});

export const usersDelete = endpoint<UserDeleted>()({
  name: 'users.delete',
  method: 'DELETE',
  path: '/api/users/:jid',
  summary: 'Deletes an account: ends its sessions, runs remove_user (modules drop their data), deletes it (404 when unknown)',
  params: z.strictObject({ jid: jidText }),
});
