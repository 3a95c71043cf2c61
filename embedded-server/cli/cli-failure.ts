// Expected CLI failures as values: each carries the process exit code and the message for stderr.

/** Exit codes of meerkat-node; scripts may rely on them. */
export const EXIT = {
  ok: 0,
  /** The command was valid but could not be carried out (user exists, no such user, storage error). */
  failed: 1,
  /** Bad command line, config file or argument (invalid JID, unknown command). */
  usage: 2,
  /** A listener's port is taken by another process. */
  portInUse: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliFailure extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}
