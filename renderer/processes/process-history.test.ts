import { describe, expect, it } from 'vitest';
import type { ProcessRow } from '../../main/common/process-views.js';
import { ProcessHistory } from './process-history.js';

function row(pid: number, mailbox: number, handled = 0, startedAt = 1): ProcessRow {
  return { pid, pid_text: `<0.${pid}.0>`, kind: 'c2s', state: 's', status: 'waiting', mailbox_length: mailbox, peak_mailbox: mailbox, handled, dropped_messages: 0, memory_bytes: 0, started_at_ms: startedAt };
}

describe('ProcessHistory', () => {
  it('keeps each process’s mailbox samples, oldest first, bounded per process', () => {
    const history = new ProcessHistory({ samplesPerProcess: 3, processes: 10 });
    for (let i = 0; i < 5; i++) history.record([row(7, i * 10)], 1000 + i * 2000);
    expect(history.mailbox(7).values).toEqual([20, 30, 40]);
    expect(history.mailbox(7).times).toEqual([5000, 7000, 9000]);
    expect(history.mailbox(8).values).toEqual([]);
  });

  it('computes handled/s from the last two samples', () => {
    const history = new ProcessHistory();
    history.record([row(1, 0, 100)], 0);
    expect(history.handledPerSec(1)).toBeNull();
    history.record([row(1, 0, 140)], 2000);
    expect(history.handledPerSec(1)).toBe(20);
  });

  it('drops the processes seen least recently past the bound', () => {
    const history = new ProcessHistory({ samplesPerProcess: 5, processes: 2 });
    history.record([row(1, 1), row(2, 2)], 0);
    history.record([row(1, 3), row(3, 3)], 1000);
    expect(history.size).toBe(2);
    expect(history.mailbox(2).values).toEqual([]);
    expect(history.mailbox(1).values).toEqual([1, 3]);
  });

  it('starts afresh when a pid belongs to a new process', () => {
    const history = new ProcessHistory();
    history.record([row(1, 5, 0, 1)], 0);
    history.record([row(1, 9, 0, 2)], 1000);
    expect(history.mailbox(1).values).toEqual([9]);
  });

  it('ignores a sample that is not newer than the last one', () => {
    const history = new ProcessHistory();
    history.record([row(1, 5)], 1000);
    history.record([row(1, 6)], 1000);
    expect(history.mailbox(1).values).toEqual([5]);
  });
});
