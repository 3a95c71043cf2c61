// Stanzas as readable XML: one element per line, indented, text kept inline when an element holds
// only text. The node cuts mailbox messages at 256 characters, so the input may stop mid-tag or
// leave elements open: that is printed as far as it goes, never rejected. Anything that does not
// start with "<" (a runtime message rendered as JSON or text) is returned as it is.

type Token = { kind: 'open' | 'close' | 'empty' | 'other'; text: string } | { kind: 'text'; text: string };

function tokenize(xml: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < xml.length) {
    if (xml[i] === '<') {
      const end = findTagEnd(xml, i);
      const text = xml.slice(i, end === -1 ? xml.length : end + 1);
      if (end === -1) tokens.push({ kind: 'other', text });
      else if (text.startsWith('</')) tokens.push({ kind: 'close', text });
      else if (text.startsWith('<?') || text.startsWith('<!')) tokens.push({ kind: 'other', text });
      else if (text.endsWith('/>')) tokens.push({ kind: 'empty', text });
      else tokens.push({ kind: 'open', text });
      i = end === -1 ? xml.length : end + 1;
    } else {
      const next = xml.indexOf('<', i);
      const text = xml.slice(i, next === -1 ? xml.length : next);
      if (text.trim() !== '') tokens.push({ kind: 'text', text: text.trim() });
      i = next === -1 ? xml.length : next;
    }
  }
  return tokens;
}

/** The ">" closing the tag at `start`, skipping ">" inside quoted attribute values; -1 when cut. */
function findTagEnd(xml: string, start: number): number {
  let quote: string | null = null;
  for (let i = start + 1; i < xml.length; i++) {
    const c = xml[i];
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i;
    }
  }
  return -1;
}

export function prettyXml(xml: string, indent = '  '): string {
  const source = xml.trim();
  if (!source.startsWith('<')) return xml;
  const tokens = tokenize(source);
  const lines: string[] = [];
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    const pad = indent.repeat(depth);
    if (token.kind === 'open') {
      const text = tokens[k + 1];
      const close = tokens[k + 2];
      // <body>hi</body> stays on one line.
      if (text?.kind === 'text' && close?.kind === 'close') {
        lines.push(pad + token.text + text.text + close.text);
        k += 2;
        continue;
      }
      lines.push(pad + token.text);
      depth++;
    } else if (token.kind === 'close') {
      depth = Math.max(0, depth - 1);
      lines.push(indent.repeat(depth) + token.text);
    } else {
      lines.push(pad + token.text);
    }
  }
  return lines.join('\n');
}
