import { describe, expect, it } from 'vitest';
import { parseJid } from '../base/jid.js';
import { SessionTable } from './sessions.js';

const open = (table: SessionTable, jid: string, pid: number) =>
  table.open({ pid, jid: parseJid(jid), transport: 'tcp', peer: 'test' }, 0);

describe('SessionTable', () => {
  it('replaces the only session of a user on a resource conflict and keeps the new one', () => {
    const table = new SessionTable();
    const first = open(table, 'a@x/r', 1);
    const second = open(table, 'a@x/r', 2);
    expect(second.replaced).toBe(first.session);
    expect(table.get('a@x', 'r')?.pid).toBe(2);
    expect(table.close(first.session)).toBe(false);
    expect(table.get('a@x', 'r')?.pid).toBe(2);
    expect(table.count()).toBe(1);
    expect(table.close(second.session)).toBe(true);
    expect(table.count()).toBe(0);
    expect(table.hasSessions('a@x')).toBe(false);
  });

  it('picks the available resources with the highest non-negative priority', () => {
    const table = new SessionTable();
    const a = open(table, 'u@x/a', 1).session;
    const b = open(table, 'u@x/b', 2).session;
    const c = open(table, 'u@x/c', 3).session;
    a.available = b.available = c.available = true;
    a.priority = 5;
    b.priority = 5;
    c.priority = -1;
    expect(table.highestPriority('u@x').map((s) => s.pid)).toEqual([1, 2]);
    a.priority = -3;
    b.priority = -3;
    expect(table.highestPriority('u@x')).toEqual([]);
  });
});
