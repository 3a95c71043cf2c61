import { describe, expect, it } from 'vitest';
import { clickedField } from './log-row.js';

const text = (content: string, key?: string) => ({ nodeType: 3, textContent: content, previousSibling: key === undefined ? null : { dataset: { fk: key } } });

describe('clickedField', () => {
  it('reads an element value (what, node)', () => {
    expect(clickedField({ dataset: { k: 'what', v: 'session_opened' } }, null, false)).toEqual({ key: 'what', value: 'session_opened', exclude: false });
  });

  it('reads the value text under the caret after its key, folding from/to JIDs into the jid filter', () => {
    expect(clickedField({ dataset: {} }, text('alice@localhost/phone', 'to_jid'), true)).toEqual({ key: 'jid', value: 'alice@localhost/phone', exclude: true });
    expect(clickedField({ dataset: {} }, text('42', 'pid'), false)).toEqual({ key: 'pid', value: '42', exclude: false });
  });

  it('is null outside a value: a key, the message, an object value', () => {
    expect(clickedField({ dataset: {} }, { nodeType: 1 }, false)).toBeNull();
    expect(clickedField({ dataset: {} }, text('some message'), false)).toBeNull();
    expect(clickedField(null, null, false)).toBeNull();
  });
});
