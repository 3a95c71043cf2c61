// RFC 7395: XMPP over WebSocket. Every WebSocket text message is one complete element: <open/>,
// a stanza or <close/>. TLS is the WebSocket's own (wss), never STARTTLS (§3.6).
import type { WebSocket } from 'ws';
import type { XmlElement } from '../base/xml/element.js';
import { escapeAttr } from '../base/xml/escape.js';
import { parseFragment } from '../base/xml/fragment-parser.js';
import type { ParserLimits } from '../base/xml/stream-parser.js';
import { NS } from '../base/namespaces.js';
import type { C2sTransport, TransportEvent } from './transport.js';

const LOW_WATERMARK_SENDS = 16;

export class WebSocketTransport implements C2sTransport {
  readonly kind = 'websocket' as const;
  readonly canStartTls = false;
  private sink: (event: TransportEvent) => void = () => {};
  private closing = false;
  private closed = false;
  private pendingSends = 0;
  private waitingForDrain = false;

  constructor(
    private readonly ws: WebSocket,
    readonly peer: string,
    readonly secure: boolean,
    private readonly limits: Partial<ParserLimits>,
  ) {}

  get bufferedBytes(): number {
    return this.ws.bufferedAmount;
  }

  attach(sink: (event: TransportEvent) => void): void {
    this.sink = sink;
    this.ws.on('message', (data, isBinary) => this.onMessage(data.toString(), isBinary));
    this.ws.on('error', () => {});
    this.ws.on('close', () => {
      if (this.closed) return;
      this.closed = true;
      this.sink({ type: 'socket_closed' });
    });
  }

  private onMessage(text: string, isBinary: boolean): void {
    if (this.closing) return;
    if (isBinary) {
      // §3.2: XMPP frames are text frames.
      this.sink({ type: 'parse_error', condition: 'bad-format', text: 'XMPP over WebSocket uses text frames (RFC 7395 §3.2)' });
      return;
    }
    const parsed = parseFragment(text, this.limits);
    if (!('name' in parsed)) {
      this.sink({ type: 'parse_error', condition: parsed.condition, text: parsed.text });
      return;
    }
    if (parsed.xmlns === NS.framing) {
      if (parsed.name === 'open') this.sink({ type: 'stream_start', attrs: this.openAttrs(parsed) });
      else if (parsed.name === 'close') this.sink({ type: 'stream_end' });
      else this.sink({ type: 'parse_error', condition: 'unsupported-stanza-type', text: `unknown framing element <${parsed.name}/>` });
      return;
    }
    // Stanzas carry xmlns='jabber:client' on each frame; inside the node they are namespace-neutral,
    // as they are on a TCP stream.
    if (parsed.attrs.xmlns === NS.client) delete parsed.attrs.xmlns;
    this.sink({ type: 'stanza', el: parsed });
  }

  private openAttrs(open: XmlElement): Record<string, string> {
    // Present <open/> to the state machine as a stream header, namespaces included, so both
    // transports share one validation (RFC 7395 §3.4 mirrors RFC 6120 §4.7).
    const attrs = { ...open.attrs };
    delete attrs.xmlns;
    attrs['xmlns'] = NS.client;
    attrs['xmlns:stream'] = NS.stream;
    return attrs;
  }

  openStream(attrs: Record<string, string>): void {
    let open = `<open xmlns='${NS.framing}'`;
    for (const key in attrs) open += ` ${key}='${escapeAttr(attrs[key])}'`;
    this.write(open + '/>');
  }

  send(el: XmlElement | string): void {
    if (typeof el === 'string') {
      this.write(el);
      return;
    }
    // Each frame is a document of its own (RFC 7395 §3.3.3): declare the namespaces a TCP stream
    // header would have declared.
    const xml = el.toString();
    const rest = xml.slice(el.name.length + 1);
    if (el.name.startsWith('stream:')) this.write(`<${el.name} xmlns:stream='${NS.stream}'${rest}`);
    else if (el.attrs.xmlns !== undefined) this.write(xml);
    else this.write(`<${el.name} xmlns='${NS.client}'${rest}`);
  }

  private write(data: string): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.pendingSends++;
    this.ws.send(data, () => {
      this.pendingSends--;
      if (this.waitingForDrain && this.pendingSends <= LOW_WATERMARK_SENDS) {
        this.waitingForDrain = false;
        this.sink({ type: 'drained' });
      }
    });
    if (this.ws.bufferedAmount > 0) this.waitingForDrain = true;
  }

  closeStream(errorXml?: string): void {
    if (this.closing) return;
    this.closing = true;
    if (errorXml !== undefined) this.write(errorXml.replace('<stream:error>', `<stream:error xmlns:stream='${NS.stream}'>`));
    this.write(`<close xmlns='${NS.framing}'/>`);
    if (this.ws.readyState === this.ws.OPEN) this.ws.close(1000);
    setTimeout(() => this.ws.terminate(), 5000).unref();
  }

  startTls(): void {
    throw new Error('STARTTLS is not available over WebSocket (RFC 7395 §3.6)');
  }

  resetParser(): void {
    // Each frame is parsed on its own: there is no parser state to reset.
  }

  pauseInput(): void {
    this.ws.pause();
  }

  resumeInput(): void {
    this.ws.resume();
  }

  destroy(): void {
    this.ws.terminate();
  }
}
