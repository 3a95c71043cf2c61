import { describe, expect, it } from 'vitest';
import { prettyXml } from './pretty-xml.js';

describe('prettyXml', () => {
  it('puts one element per line, indented, with text-only elements inline', () => {
    expect(prettyXml('<message to="a@b" type="chat"><body>hi there</body><active xmlns="x"/></message>')).toBe(
      ['<message to="a@b" type="chat">', '  <body>hi there</body>', '  <active xmlns="x"/>', '</message>'].join('\n'),
    );
  });

  it('keeps a ">" inside an attribute value within its tag', () => {
    expect(prettyXml('<a x="1>2"><b/></a>')).toBe('<a x="1>2">\n  <b/>\n</a>');
  });

  it('prints a message cut mid-tag or with open elements as far as it goes', () => {
    expect(prettyXml('<message><body>long tex')).toBe('<message>\n  <body>\n    long tex');
    expect(prettyXml('<message><body>x</body><thread par')).toBe('<message>\n  <body>x</body>\n  <thread par');
  });

  it('returns what is not XML unchanged', () => {
    expect(prettyXml('{"type":"deliver"}')).toBe('{"type":"deliver"}');
    expect(prettyXml('')).toBe('');
  });
});
