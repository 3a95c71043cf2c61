// A CliContext for in-process tests: captures output, records exits, and takes signals from a plain emitter.
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { CliContext, StartNodeModule } from './cli-context.js';

export interface FakeCli {
  ctx: CliContext;
  stdout(): string;
  stderr(): string;
  logLines(): Record<string, unknown>[];
  exits: number[];
  signals: EventEmitter;
}

export function fakeCli(startNode?: StartNodeModule['startNode']): FakeCli {
  let out = '';
  let err = '';
  let log = '';
  const exits: number[] = [];
  const signals = new EventEmitter();
  const ctx: CliContext = {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    exit: (code) => exits.push(code),
    signals,
    createLogger: (config) =>
      pino({ level: config.general.loglevel, base: { node: config.general.node_name } }, { write: (line: string) => (log += line) }),
    loadStartNode: () =>
      startNode === undefined ? Promise.reject(new Error('no start-node in this test')) : Promise.resolve({ startNode }),
  };
  return {
    ctx,
    stdout: () => out,
    stderr: () => err,
    logLines: () =>
      log
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    exits,
    signals,
  };
}

/** A temp folder with a node.toml serving localhost and example.org, data in ./data. */
export function tempNodeDir(extraToml = ''): { dir: string; configFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'meerkat-cli-'));
  const configFile = join(dir, 'node.toml');
  writeFileSync(
    configFile,
    `[general]\nhosts = ["localhost", "example.org"]\nnode_name = "test"\ndata_dir = "data"\n[listen.c2s]\nport = 15222\n[listen.admin]\nport = 15551\n${extraToml}`,
  );
  return { dir, configFile };
}
