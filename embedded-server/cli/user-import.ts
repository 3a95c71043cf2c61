// `meerkat-node user import FILE`: bulk account creation from `jid,password` lines. PBKDF2 dominates
// the cost, so derivations run on the libuv pool with a bounded number in flight and the rows are
// written in batches, each one transaction.
import type { NodeConfig } from '../config/node-config-schema.js';
import type { NewUser, Storage } from '../storage/storage.js';
import { accountJid } from './bare-jid.js';
import type { CliContext } from './cli-context.js';
import { credentialsFor } from './user-commands.js';

export interface ImportSummary {
  imported: number;
  existing: number;
  invalid: number;
}

export interface ImportOptions {
  /** Users whose credentials are being derived at once. */
  concurrency?: number;
  batchSize?: number;
  progressEvery?: number;
}

interface ImportLine {
  line: number;
  jid: string;
  password: string;
}

/** Splits the file into accounts, reporting each bad line on stderr. The password is everything after the first comma. */
function parseLines(ctx: CliContext, text: string, config: NodeConfig): { entries: ImportLine[]; invalid: number } {
  const entries: ImportLine[] = [];
  const firstLine = new Map<string, number>();
  let invalid = 0;
  const reject = (line: number, reason: string) => {
    invalid++;
    ctx.stderr(`line ${line}: ${reason}; skipped\n`);
  };
  text.split('\n').forEach((rawLine, index) => {
    const line = index + 1;
    const raw = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const comma = raw.indexOf(',');
    if (comma < 0) return reject(line, 'expected "jid,password"');
    const input = raw.slice(0, comma).trim();
    const password = raw.slice(comma + 1);
    const { jid, problem } = accountJid(input, config.general.hosts);
    if (jid === undefined) return reject(line, `invalid JID "${input}": ${problem}`);
    if (password === '') return reject(line, `empty password for ${jid}`);
    const earlier = firstLine.get(jid);
    if (earlier !== undefined) return reject(line, `${jid} already appears on line ${earlier}`);
    firstLine.set(jid, line);
    entries.push({ line, jid, password });
  });
  return { entries, invalid };
}

export async function importUsers(
  ctx: CliContext,
  storage: Storage,
  config: NodeConfig,
  text: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const { concurrency = 8, batchSize = 500, progressEvery = 1000 } = options;
  const { entries, invalid } = parseLines(ctx, text, config);
  const summary: ImportSummary = { imported: 0, existing: 0, invalid };
  let pending: NewUser[] = [];
  let processed = 0;
  let next = 0;

  const flush = async () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const created = await storage.users.createMany(batch);
    summary.imported += created;
    // Accounts created by someone else since our exists() check.
    summary.existing += batch.length - created;
  };

  const worker = async () => {
    while (next < entries.length) {
      const entry = entries[next++];
      if (await storage.users.exists(entry.jid)) {
        summary.existing++;
      } else {
        try {
          const credentials = await credentialsFor(entry.password, config.auth.scram_iterations);
          // Read `pending` only after the await: another worker may have flushed and replaced it meanwhile.
          pending.push({ jid: entry.jid, credentials });
        } catch (err) {
          summary.invalid++;
          ctx.stderr(`line ${entry.line}: the password cannot be used: ${(err as Error).message}; skipped\n`);
        }
        if (pending.length >= batchSize) await flush();
      }
      if (++processed % progressEvery === 0) ctx.stderr(`import: ${processed}/${entries.length} accounts processed\n`);
    }
  };

  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  await flush();
  return summary;
}
