import { describe, expect, it } from 'vitest';
import { parseJid } from '../../base/jid.js';
import { BlockList } from './block-list.js';

const jid = (s: string) => parseJid(s);

describe('BlockList (XEP-0191 §6 JID matching)', () => {
  const cases: [item: string, other: string, matches: boolean][] = [
    ['romeo@montague.lit/orchard', 'romeo@montague.lit/orchard', true],
    ['romeo@montague.lit/orchard', 'romeo@montague.lit/garden', false],
    ['romeo@montague.lit/orchard', 'romeo@montague.lit', false],
    ['romeo@montague.lit', 'romeo@montague.lit', true],
    ['romeo@montague.lit', 'romeo@montague.lit/any', true],
    ['romeo@montague.lit', 'juliet@montague.lit/any', false],
    ['romeo@montague.lit', 'montague.lit', false],
    ['montague.lit/bot', 'montague.lit/bot', true],
    ['montague.lit/bot', 'montague.lit/other', false],
    ['montague.lit/bot', 'bot@montague.lit/bot', false],
    ['montague.lit', 'montague.lit', true],
    ['montague.lit', 'montague.lit/res', true],
    ['montague.lit', 'anyone@montague.lit', true],
    ['montague.lit', 'anyone@montague.lit/res', true],
    ['montague.lit', 'anyone@capulet.lit', false],
    ['montague.lit', 'sub.montague.lit', false],
  ];

  for (const [item, other, expected] of cases) {
    it(`${item} ${expected ? 'matches' : 'does not match'} ${other}`, () => {
      expect(new BlockList([jid(item).toString()]).matches(jid(other))).toBe(expected);
      // The per-item rule and the set lookup must agree.
      expect(BlockList.itemMatches(jid(item), jid(other))).toBe(expected);
    });
  }

  it('an empty list matches nothing', () => {
    expect(new BlockList().matches(jid('a@b/c'))).toBe(false);
  });

  it('add, remove and clear change what matches', () => {
    const list = new BlockList(['a@x.lit']);
    list.add(['b@x.lit', 'a@x.lit']);
    expect(list.items()).toEqual(['a@x.lit', 'b@x.lit']);
    list.remove(['a@x.lit']);
    expect(list.matches(jid('a@x.lit/r'))).toBe(false);
    expect(list.matches(jid('b@x.lit/r'))).toBe(true);
    list.clear();
    expect(list.size).toBe(0);
    expect(list.matches(jid('b@x.lit/r'))).toBe(false);
  });
});
