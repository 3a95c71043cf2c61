// The IPC channel names between the preload and the main process: the console API only, nothing
// generic. The preload (a sandboxed CommonJS file that cannot import this module at run time)
// repeats these strings; a test checks that they match.

export const IPC = {
  /** invoke(name, payload) → IpcReply */
  request: 'meerkat:request',
  /** send(id, name, filter): start a stream */
  subscribe: 'meerkat:subscribe',
  /** send(id): end a stream */
  unsubscribe: 'meerkat:unsubscribe',
  /** main → renderer: (id, IpcStreamFrame) */
  stream: 'meerkat:stream',
} as const;

/** invoke() rejections lose their fields across IPC, so replies carry the outcome as data. */
export type IpcReply = { ok: true; res: unknown } | { ok: false; error: { code: string; message: string; details?: unknown } };

export type IpcStreamFrame = { t: 'ev'; event: unknown } | { t: 'end'; error?: { code: string; message: string } };
