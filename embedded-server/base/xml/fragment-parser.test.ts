import { describe, it, expect } from 'vitest';
import { NS } from '../namespaces.js';
import { XmlElement } from './element.js';
import { isParseError, parseFragment } from './fragment-parser.js';
import type { ParserLimits } from './parser-limits.js';

function element(text: string, limits?: Partial<ParserLimits>): XmlElement {
  const result = parseFragment(text, limits);
  if (isParseError(result)) throw new Error(`${result.condition}: ${result.text}`);
  return result;
}

function condition(text: string, limits?: Partial<ParserLimits>): string | undefined {
  const result = parseFragment(text, limits);
  return isParseError(result) ? result.condition : undefined;
}

describe('parseFragment (RFC 7395 frames)', () => {
  it('parses <open/>, a stanza and <close/>', () => {
    const open = element(`<open xmlns='${NS.framing}' to='example.com' version='1.0'/>`);
    expect(open).toBeInstanceOf(XmlElement);
    expect(open.name).toBe('open');
    expect(open.attrs).toEqual({ xmlns: NS.framing, to: 'example.com', version: '1.0' });
    expect(open.parent).toBeUndefined();

    const message = element(`<message xmlns='jabber:client' to='a@b'><body>hi &amp; bye</body></message>`);
    expect(message.getChild('body')?.parent).toBe(message);
    expect(message.getChild('body')?.xmlns).toBe(NS.client);
    expect(message.getChildText('body')).toBe('hi & bye');

    expect(element(`<close xmlns='${NS.framing}'/>`).name).toBe('close');
  });

  it('allows surrounding whitespace and a leading XML declaration', () => {
    expect(element(`\n <iq xmlns='jabber:client' type='get' id='1'/> \n`).name).toBe('iq');
    expect(element(`<?xml version='1.0'?><iq xmlns='jabber:client'/>`).name).toBe('iq');
  });

  it('refuses more than one root element or trailing data', () => {
    expect(condition('<a/><b/>')).toBe('not-well-formed');
    expect(condition('<a/>text')).toBe('not-well-formed');
    expect(condition('<a/><')).toBe('not-well-formed');
    expect(condition('<a/></a>')).toBe('not-well-formed');
    expect(condition('<a/><![CDATA[x]]>')).toBe('not-well-formed');
  });

  it('refuses incomplete or empty input', () => {
    expect(condition('')).toBe('not-well-formed');
    expect(condition('   ')).toBe('not-well-formed');
    expect(condition('<message><body>')).toBe('not-well-formed');
    expect(condition('<message')).toBe('not-well-formed');
    expect(condition('<m>&amp</m>')).toBe('not-well-formed');
  });

  it('applies the restricted-XML rules', () => {
    expect(condition('<!-- x --><a/>')).toBe('restricted-xml');
    expect(condition('<a/><!-- x -->')).toBe('restricted-xml');
    expect(condition('<a><?pi?></a>')).toBe('restricted-xml');
    expect(condition('<!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>')).toBe('restricted-xml');
    expect(condition('<a>&b;</a>')).toBe('not-well-formed');
  });

  it('requires declared prefixes, as each frame stands alone', () => {
    expect(condition('<stream:features/>')).toBe('bad-namespace-prefix');
    expect(element(`<stream:features xmlns:stream='${NS.stream}'><bind xmlns='${NS.bind}'/></stream:features>`).name).toBe(
      'stream:features',
    );
  });

  it('applies the size limit in UTF-8 bytes', () => {
    const fits = `<a>${'é'.repeat(47)}</a>`; // 7 + 94 bytes
    expect(Buffer.byteLength(fits)).toBe(101);
    expect(condition(fits, { maxStanzaBytes: 101 })).toBeUndefined();
    expect(condition(fits, { maxStanzaBytes: 100 })).toBe('policy-violation');
  });

  it('counts the root as depth 1', () => {
    expect(condition('<a><b><c/></b></a>', { maxDepth: 3 })).toBeUndefined();
    expect(condition('<a><b><c/></b></a>', { maxDepth: 2 })).toBe('policy-violation');
    expect(condition('<a>'.repeat(10_000))).toBe('policy-violation');
  });

  it('limits attributes', () => {
    expect(condition("<a x='1' y='2'/>", { maxAttributes: 2 })).toBeUndefined();
    expect(condition("<a x='1' y='2' z='3'/>", { maxAttributes: 2 })).toBe('policy-violation');
  });
});
