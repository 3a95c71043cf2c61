import { describe, expect, it } from 'vitest';
import { parseJid } from '../../base/jid.js';
import { xml } from '../../base/xml/element.js';
import { isHidden, itemElement, MAX_GROUP_LENGTH, MAX_NAME_LENGTH, parseRosterSet } from './roster-item-xml.js';

const user = parseJid('juliet@example.com/balcony');

function query(...items: ReturnType<typeof xml>[]) {
  return xml('query', { xmlns: 'jabber:iq:roster' }, ...items);
}

describe('roster set validation (RFC 6121 §2.3.3)', () => {
  it('accepts one item and ignores subscription values other than remove, ask and approved', () => {
    const request = parseRosterSet(
      query(xml('item', { jid: 'nurse@example.com', name: 'Nurse', subscription: 'both', ask: 'subscribe', approved: 'true' }, xml('group', null, 'Servants'))),
      user,
    );
    expect(request).toEqual({ kind: 'update', jid: parseJid('nurse@example.com'), name: 'Nurse', groups: ['Servants'] });
  });

  it('recognizes subscription="remove"', () => {
    expect(parseRosterSet(query(xml('item', { jid: 'nurse@example.com', subscription: 'remove' })), user)).toMatchObject({ kind: 'remove' });
  });

  it.each([
    ['no item', query(), 'bad-request'],
    ['two items', query(xml('item', { jid: 'a@example.com' }), xml('item', { jid: 'b@example.com' })), 'bad-request'],
    ['an item without jid', query(xml('item')), 'bad-request'],
    ['a malformed jid', query(xml('item', { jid: 'a@b@c' })), 'jid-malformed'],
    ['the user themself', query(xml('item', { jid: 'juliet@example.com' })), 'not-allowed'],
    ['a duplicate group', query(xml('item', { jid: 'a@example.com' }, xml('group', null, 'X'), xml('group', null, 'X'))), 'bad-request'],
    ['an empty group', query(xml('item', { jid: 'a@example.com' }, xml('group'))), 'not-acceptable'],
    ['a name over the limit', query(xml('item', { jid: 'a@example.com', name: 'n'.repeat(MAX_NAME_LENGTH + 1) })), 'not-acceptable'],
    ['a group over the limit', query(xml('item', { jid: 'a@example.com' }, xml('group', null, 'g'.repeat(MAX_GROUP_LENGTH + 1)))), 'not-acceptable'],
  ])('rejects %s', (_what, q, condition) => {
    expect(parseRosterSet(q, user)).toMatchObject({ kind: 'invalid', condition });
  });

  it('accepts a name and a group exactly at the limit', () => {
    const q = query(xml('item', { jid: 'a@example.com', name: 'n'.repeat(MAX_NAME_LENGTH) }, xml('group', null, 'g'.repeat(MAX_GROUP_LENGTH))));
    expect(parseRosterSet(q, user).kind).toBe('update');
  });
});

describe('roster items on the wire (RFC 6121 §2.1.2)', () => {
  it('renders ask, approved, name and groups', () => {
    const el = itemElement({ jid: 'a@example.com', name: 'A', subscription: 'none', askOut: true, pendingIn: false, approved: true, groups: ['G1', 'G2'] });
    expect(el.toString()).toBe('<item jid="a@example.com" subscription="none" name="A" ask="subscribe" approved="true"><group>G1</group><group>G2</group></item>');
  });

  it('hides an item that only records a stranger\'s pending request', () => {
    const base = { jid: 'a@example.com', subscription: 'none' as const, askOut: false, pendingIn: true, approved: false, groups: [] };
    expect(isHidden(base)).toBe(true);
    expect(isHidden({ ...base, name: 'A' })).toBe(false);
    expect(isHidden({ ...base, askOut: true })).toBe(false);
    expect(isHidden({ ...base, subscription: 'to' })).toBe(false);
  });
});
