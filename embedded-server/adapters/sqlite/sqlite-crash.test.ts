// Durability requirement of the storage contract: a write whose promise resolved survives kill -9.
// The writer is a separate `node` process running the adapter's TypeScript through a small module
// hook (crash-child/ts-loader-hooks.mjs), because a process cannot SIGKILL itself inside vitest.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStorage } from './sqlite-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'meerkat-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const childFile = (name: string) => fileURLToPath(new URL(`./crash-child/${name}`, import.meta.url));

/** Runs the writer until it has acknowledged `acks` offline messages, SIGKILLs it, returns the last ack seen. */
function writeThenKill(path: string, acks: number): Promise<{ sawWritten: boolean; lastAck: number; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', childFile('register-ts-loader.mjs'), childFile('write-until-killed.mjs'), path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let sawWritten = false;
    let lastAck = 0;
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'written') sawWritten = true;
        const ack = /^acked (\d+)$/.exec(line);
        if (ack) lastAck = Number(ack[1]);
      }
      if (lastAck >= acks) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === null) reject(new Error(`writer exited by itself with code ${code}: ${stderr}`));
      else resolve({ sawWritten, lastAck, signal });
    });
  });
}

describe('sqlite adapter durability', () => {
  it('keeps every acknowledged write after the writing process is killed with SIGKILL', async () => {
    const path = join(dir, 'crash.sqlite');
    const result = await writeThenKill(path, 200);
    expect(result.signal).toBe('SIGKILL');
    expect(result.sawWritten).toBe(true);

    const storage = openSqliteStorage({ path });
    const roster = await storage.rosters.get('alice@localhost');
    expect(roster.items).toEqual([
      { jid: 'bob@localhost', name: 'Bob', subscription: 'both', askOut: false, pendingIn: false, approved: false, groups: ['Friends'] },
    ]);
    const messages = await storage.offline.takeAll('alice@localhost');
    await storage.close();
    // The child may have committed a few more messages between its last "acked" line and the kill.
    expect(messages.length).toBeGreaterThanOrEqual(result.lastAck + 1);
    const bodies = messages.map((m) => Number(/<body>(\d+)<\/body>/.exec(m.stanza)?.[1]));
    expect(bodies).toEqual(bodies.map((_, i) => i));
  });
});
