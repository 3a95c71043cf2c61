import { describe, expect, it } from 'vitest';
import { messageOf, toConsoleEntry } from './node-log-api.js';

describe('toConsoleEntry', () => {
  it('keeps the filter fields that are set, adds the node id and msg, strips the newline', () => {
    const line = '{"level":30,"time":"t","node":"n1","what":"session_opened","jid":"a@b/r","msg":"hello \\"you\\""}\n';
    const entry = toConsoleEntry('local-1', {
      seq: 7,
      time: 1000,
      level: 30,
      what: 'session_opened',
      module: null,
      jid: 'a@b/r',
      from_jid: null,
      to_jid: null,
      pid: null,
      trace_id: null,
      node: 'n1',
      line,
    });
    expect(entry).toEqual({ nodeId: 'local-1', seq: 7, time: 1000, level: 30, what: 'session_opened', jid: 'a@b/r', msg: 'hello "you"', line: line.slice(0, -1) });
  });

  it('reads msg without parsing the line, and only when there is one', () => {
    expect(messageOf('{"msg":"plain","x":1}')).toBe('plain');
    expect(messageOf('{"what":"x"}')).toBeUndefined();
    expect(messageOf('{"msg":"tab\\there"}')).toBe('tab\there');
  });
});
