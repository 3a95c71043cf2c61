import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig, type NodeConfigInput } from '../../config/index.js';
import { createNodeLogging, logFilePath, type NodeLogging, type NodeLoggingOptions } from './node-logging.js';

let dataDir: string;
let logging: NodeLogging | undefined;
let out: Record<string, unknown>[];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'meerkat-logging-'));
  out = [];
});
afterEach(async () => {
  await logging?.close();
  logging = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

function start(input: Partial<NodeConfigInput> & { loglevel?: string } = {}, opts: NodeLoggingOptions = {}): NodeLogging {
  const { loglevel, ...rest } = input;
  const config = defaultConfig({ ...rest, general: { node_name: 'n1', data_dir: dataDir, ...(loglevel === undefined ? {} : { loglevel }) } } as NodeConfigInput);
  logging = createNodeLogging(config, { stdout: { write: (line: string) => void out.push(JSON.parse(line) as Record<string, unknown>) }, ...opts });
  return logging;
}

const whats = () => out.map((l) => l.what);

describe('createNodeLogging lines', () => {
  it('writes JSON lines with node, ISO time and the logged fields to stdout and the ring', () => {
    const { log, ring } = start();
    log.info({ what: 'node_started', jid: 'a@localhost/r', pid: 42, count: 3 });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ level: 30, node: 'n1', what: 'node_started', jid: 'a@localhost/r', pid: 42, count: 3 });
    expect(new Date(out[0].time as string).toISOString()).toBe(out[0].time);
    const [entry] = ring.query({ limit: 10 }).entries;
    expect(JSON.parse(entry.line)).toEqual(out[0]);
    expect(entry).toMatchObject({ seq: 1, level: 30, what: 'node_started', jid: 'a@localhost/r', pid: 42, node: 'n1' });
    expect(entry.time).toBe(Date.parse(out[0].time as string));
  });

  it('fills the ring fields from a child logger bindings and from the mixin, the logged object winning', () => {
    let traceId: string | undefined = 'trace-1';
    const { moduleLogger, ring } = start({}, { mixin: () => (traceId === undefined ? {} : { trace_id: traceId, span_id: 'span-1' }) });
    const connection = moduleLogger('c2s').child({ pid: 7, jid: 'bob@localhost/phone' });
    connection.info({ what: 'session_opened' });
    traceId = undefined;
    connection.info({ what: 'c2s_stanza_in', jid: 'bob@localhost/tablet' });
    const [second, first] = ring.query({ limit: 10 }).entries;
    expect(first).toMatchObject({ what: 'session_opened', module: 'c2s', pid: 7, jid: 'bob@localhost/phone', trace_id: 'trace-1' });
    expect(JSON.parse(first.line)).toMatchObject({ trace_id: 'trace-1', span_id: 'span-1', module: 'c2s' });
    expect(second).toMatchObject({ what: 'c2s_stanza_in', jid: 'bob@localhost/tablet', trace_id: undefined });
    expect(ring.query({ limit: 10, module: ['c2s'], pid: 7, trace_id: 'trace-1' }).entries.map((e) => e.what)).toEqual(['session_opened']);
  });

  it('keeps the stdout output off when [log] stdout = false, and the ring on', () => {
    const { log, ring } = start({ log: { stdout: false } });
    log.info({ what: 'quiet' });
    expect(out).toEqual([]);
    expect(ring.size).toBe(1);
  });

  it('sizes the ring from [log] ring_size', () => {
    const { ring } = start({ log: { ring_size: 1000 } });
    expect(ring.capacity).toBe(1000);
  });
});

describe('run-time levels', () => {
  it('changes the global level for the root, module loggers and their existing children', () => {
    const { log, moduleLogger, levels } = start({ loglevel: 'info' });
    const router = moduleLogger('router');
    const child = router.child({ pid: 3 });
    log.debug({ what: 'root_hidden' });
    child.debug({ what: 'child_hidden' });
    levels.apply({ global: 'debug' });
    log.debug({ what: 'root_shown' });
    router.debug({ what: 'router_shown' });
    child.debug({ what: 'child_shown' });
    levels.apply({ global: 'error' });
    child.warn({ what: 'child_hidden_again' });
    expect(whats()).toEqual(['log_levels_changed', 'root_shown', 'router_shown', 'child_shown', 'log_levels_changed']);
    expect(levels.snapshot()).toEqual({ global: 'error', modules: {}, loggers: { router: 'error' } });
  });

  it('gives one module its own level, which its existing loggers follow, and null puts it back on the global level', () => {
    const { moduleLogger, levels } = start({ loglevel: 'info' });
    const c2s = moduleLogger('c2s');
    const connection = c2s.child({ pid: 9 });
    const router = moduleLogger('router');
    levels.apply({ modules: { c2s: 'trace' } });
    connection.trace({ what: 'c2s_trace_shown' });
    router.debug({ what: 'router_hidden' });
    expect(levels.snapshot()).toEqual({ global: 'info', modules: { c2s: 'trace' }, loggers: { c2s: 'trace', router: 'info' } });
    levels.apply({ global: 'warn' });
    connection.debug({ what: 'c2s_still_shown' });
    levels.apply({ modules: { c2s: null } });
    connection.info({ what: 'c2s_hidden' });
    connection.warn({ what: 'c2s_warn_shown' });
    expect(whats().filter((w) => w !== 'log_levels_changed')).toEqual(['c2s_trace_shown', 'c2s_still_shown', 'c2s_warn_shown']);
    // A module logger handed out later gets the current setting.
    levels.apply({ modules: { mod_roster: 'debug' } });
    moduleLogger('mod_roster').debug({ what: 'roster_shown' });
    expect(whats()).toContain('roster_shown');
    expect(moduleLogger('c2s')).toBe(c2s);
  });

  it('starts with general.loglevel and the [log] modules table', () => {
    const { log, moduleLogger, levels } = start({ loglevel: 'warn', log: { modules: { c2s: 'debug' } } });
    log.info({ what: 'root_hidden' });
    moduleLogger('c2s').debug({ what: 'c2s_shown' });
    moduleLogger('router').info({ what: 'router_hidden' });
    expect(whats()).toEqual(['c2s_shown']);
    expect(levels.global).toBe('warn');
  });

  it('records each change with what: log_levels_changed, whatever the levels are', () => {
    const { levels, ring } = start({ loglevel: 'fatal' });
    levels.apply({ global: 'error', modules: { c2s: 'debug' } });
    expect(ring.query({ limit: 5, what: ['log_levels_changed'] }).entries.map((e) => JSON.parse(e.line))).toEqual([
      expect.objectContaining({ global: 'error', modules: { c2s: 'debug' } }),
    ]);
  });
});

describe('the rotating file', () => {
  it('resolves a relative [log] file against data_dir and writes every line to it', async () => {
    const config = defaultConfig({ general: { node_name: 'n1', data_dir: dataDir }, log: { file: 'logs/node.log' } } as NodeConfigInput);
    expect(logFilePath(config)).toBe(join(dataDir, 'logs', 'node.log'));
    const { log } = start({ log: { file: 'logs/node.log', stdout: false } });
    for (let i = 0; i < 100; i++) log.info({ what: 'tick', i });
    await logging!.close();
    const lines = readFileSync(join(dataDir, 'logs', 'node.log'), 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { i: number }).i)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('rotates at the configured size and keeps file_count old files', async () => {
    const { log } = start({ log: { file: 'node.log', file_count: 2, stdout: false } }, { fileMaxBytes: 2000 });
    for (let i = 0; i < 400; i++) {
      log.info({ what: 'tick', i });
      if (i % 20 === 0) await new Promise((r) => setImmediate(r));
    }
    await logging!.close();
    const files = readdirSync(dataDir).filter((f) => f.startsWith('node.log'));
    expect(files.sort()).toEqual(['node.log', 'node.log.1', 'node.log.2']);
    const numbers = ['node.log.2', 'node.log.1', 'node.log'].flatMap((f) =>
      readFileSync(join(dataDir, f), 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { i: number }).i),
    );
    expect(numbers[numbers.length - 1]).toBe(399);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, k) => 400 - numbers.length + k));
  });

  it('counts nothing as dropped in normal operation and reports the file in stats', async () => {
    const { log, stats } = start({ log: { file: 'node.log' } });
    log.info({ what: 'tick' });
    expect(stats()).toMatchObject({ dropped: { stdout: 0, file: 0 }, file: join(dataDir, 'node.log') });
    await logging!.close();
    // Lines after close are not written anywhere but the ring, and do not throw.
    expect(() => log.info({ what: 'after_close' })).not.toThrow();
  });
});
