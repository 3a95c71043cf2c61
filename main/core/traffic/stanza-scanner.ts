// RFC 6120 §4 stream framing, read cheaply: splits the server's half of an XMPP stream into the
// stream header, top-level elements (raw strings) and the stream close. The traffic generator only
// needs whole stanzas and a few attributes, so there is no DOM and no entity decoding. Comments,
// CDATA and DOCTYPE never come from our server and are not handled. The bench's load generator uses
// it too.

export type ScanEvent = { kind: 'stream_open'; raw: string } | { kind: 'element'; name: string; raw: string } | { kind: 'stream_close' };

const GT = 0x3e;
const SLASH = 0x2f;
const QUESTION = 0x3f;

function tagName(buffer: string, from: number, end: number): string {
  let i = from;
  while (i < end) {
    const c = buffer.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === SLASH || c === GT) break;
    i++;
  }
  return buffer.slice(from, i);
}

/** Index of the '>' closing the tag opened before `from`, skipping quoted values; -1 if not here yet. */
function tagEnd(buffer: string, from: number): number {
  for (let i = from; i < buffer.length; i++) {
    const c = buffer[i];
    if (c === '>') return i;
    if (c === '"' || c === "'") {
      const close = buffer.indexOf(c, i + 1);
      if (close < 0) return -1;
      i = close;
    }
  }
  return -1;
}

export class StanzaScanner {
  private buffer = '';
  private pos = 0;
  private depth = 0;
  private elementStart = 0;
  private elementName = '';

  /** Characters held back waiting for the rest of an element (for tests and leak checks). */
  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: string, emit: (event: ScanEvent) => void): void {
    const buffer = this.buffer.length === 0 ? chunk : this.buffer + chunk;
    let pos = this.pos;
    for (;;) {
      const lt = buffer.indexOf('<', pos);
      if (lt < 0) {
        pos = buffer.length;
        break;
      }
      const gt = tagEnd(buffer, lt + 1);
      if (gt < 0) {
        pos = lt;
        break;
      }
      pos = gt + 1;
      const next = buffer.charCodeAt(lt + 1);
      if (next === QUESTION) continue;
      if (next === SLASH) {
        if (this.depth === 0) {
          if (tagName(buffer, lt + 2, gt) === 'stream:stream') emit({ kind: 'stream_close' });
        } else if (--this.depth === 0) {
          emit({ kind: 'element', name: this.elementName, raw: buffer.slice(this.elementStart, pos) });
        }
        continue;
      }
      const selfClosing = buffer.charCodeAt(gt - 1) === SLASH;
      if (this.depth > 0) {
        if (!selfClosing) this.depth++;
        continue;
      }
      const name = tagName(buffer, lt + 1, gt);
      if (selfClosing) emit({ kind: 'element', name, raw: buffer.slice(lt, pos) });
      else if (name === 'stream:stream') emit({ kind: 'stream_open', raw: buffer.slice(lt, pos) });
      else {
        this.depth = 1;
        this.elementStart = lt;
        this.elementName = name;
      }
    }
    // Keep only what is still needed: the unfinished element, or the unfinished tag.
    const keepFrom = this.depth > 0 ? this.elementStart : pos;
    this.buffer = keepFrom >= buffer.length ? '' : buffer.slice(keepFrom);
    this.pos = pos - keepFrom;
    if (this.depth > 0) this.elementStart = 0;
  }
}

/** Value of attribute `name` in the start tag of `raw` (no entity decoding), or undefined. */
export function attribute(raw: string, name: string): string | undefined {
  const tagClose = raw.indexOf('>');
  const head = tagClose < 0 ? raw : raw.slice(0, tagClose);
  const at = head.search(new RegExp(`\\s${name}=['"]`));
  if (at < 0) return undefined;
  const quote = head[at + name.length + 2];
  const start = at + name.length + 3;
  const end = head.indexOf(quote, start);
  return end < 0 ? undefined : head.slice(start, end);
}

/** Text content of a simple element like <challenge>BASE64</challenge>. */
export function innerText(raw: string): string {
  const gt = raw.indexOf('>');
  if (raw.charCodeAt(gt - 1) === SLASH) return '';
  return raw.slice(gt + 1, raw.lastIndexOf('</'));
}

/** Text of the first <child>…</child> inside raw (no entity decoding), or undefined. */
export function childText(raw: string, child: string): string | undefined {
  const open = raw.indexOf(`<${child}`);
  if (open < 0) return undefined;
  const gt = raw.indexOf('>', open);
  if (gt < 0 || raw.charCodeAt(gt - 1) === SLASH) return gt < 0 ? undefined : '';
  const close = raw.indexOf(`</${child}>`, gt);
  return close < 0 ? undefined : raw.slice(gt + 1, close);
}
