// RFC 6120 over TCP: stream header framing, STARTTLS upgrade (§5), streaming parse with limits.
import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { XmlElement } from '../base/xml/element.js';
import { escapeAttr } from '../base/xml/escape.js';
import { StreamParser, type ParserLimits } from '../base/xml/stream-parser.js';
import { SEND_HIGH_WATERMARK_BYTES, type C2sTransport, type TransportEvent } from './transport.js';

export class TcpTransport implements C2sTransport {
  readonly kind = 'tcp' as const;
  readonly peer: string;
  private socket: Socket;
  private decoder = new StringDecoder('utf8');
  private parser: StreamParser;
  private sink: (event: TransportEvent) => void = () => {};
  private tls = false;
  private closing = false;
  private closed = false;
  /**
   * Output of the current scheduler turn, written in one socket write when the turn's synchronous
   * work is done: a process that delivers many stanzas makes one system call, not one per stanza.
   */
  private pending = '';
  private flushQueued = false;
  private readonly flushPending = () => {
    this.flushQueued = false;
    this.flush();
  };

  constructor(
    socket: Socket,
    private readonly limits: Partial<ParserLimits>,
    private readonly secureContext: SecureContext | undefined,
  ) {
    this.socket = socket;
    this.peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.parser = this.newParser();
    socket.setNoDelay(true);
  }

  get secure(): boolean {
    return this.tls;
  }

  get canStartTls(): boolean {
    return !this.tls && this.secureContext !== undefined;
  }

  get bufferedBytes(): number {
    return this.socket.writableLength + this.pending.length;
  }

  attach(sink: (event: TransportEvent) => void): void {
    this.sink = sink;
    this.listen(this.socket);
  }

  private newParser(): StreamParser {
    return new StreamParser(
      {
        onStreamStart: (attrs) => this.sink({ type: 'stream_start', attrs }),
        onStanza: (el) => this.sink({ type: 'stanza', el }),
        onStreamEnd: () => this.sink({ type: 'stream_end' }),
        onError: (err) => this.sink({ type: 'parse_error', condition: err.condition, text: err.text }),
      },
      this.limits,
    );
  }

  private listen(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => this.parser.write(this.decoder.write(chunk)));
    socket.on('drain', () => this.sink({ type: 'drained' }));
    socket.on('error', () => {
      // 'close' follows with hadError; the reason is reported there.
    });
    socket.on('close', (hadError: boolean) => {
      if (this.closed) return;
      this.closed = true;
      this.sink({ type: 'socket_closed', error: hadError ? 'connection error' : undefined });
    });
  }

  openStream(attrs: Record<string, string>): void {
    let header = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'";
    for (const key in attrs) header += ` ${key}='${escapeAttr(attrs[key])}'`;
    this.write(header + '>');
  }

  send(el: XmlElement | string): void {
    this.write(typeof el === 'string' ? el : el.toString());
  }

  private write(data: string): void {
    if (this.closed || this.socket.destroyed) return;
    this.pending += data;
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(this.flushPending);
    }
  }

  private flush(): void {
    if (this.pending === '') return;
    const data = this.pending;
    this.pending = '';
    if (this.closed || this.socket.destroyed) return;
    this.socket.write(data);
  }

  closeStream(errorXml?: string): void {
    if (this.closing) return;
    this.closing = true;
    if (!this.closed && !this.socket.destroyed) {
      const data = this.pending + (errorXml ?? '') + '</stream:stream>';
      this.pending = '';
      this.socket.end(data);
      // A peer that never reads would keep the socket half-open forever.
      setTimeout(() => this.socket.destroy(), 5000).unref();
    }
  }

  startTls(): void {
    if (this.secureContext === undefined) throw new Error('STARTTLS without a certificate');
    // <proceed/> must leave in clear text, before the socket is wrapped.
    this.flush();
    const raw = this.socket;
    raw.removeAllListeners('data');
    raw.removeAllListeners('drain');
    raw.removeAllListeners('close');
    raw.removeAllListeners('error');
    const tlsSocket = new TLSSocket(raw, { isServer: true, secureContext: this.secureContext });
    this.socket = tlsSocket;
    this.decoder = new StringDecoder('utf8');
    this.listen(tlsSocket);
    tlsSocket.once('secure', () => {
      this.tls = true;
      this.sink({ type: 'tls_established' });
    });
  }

  resetParser(): void {
    this.parser = this.newParser();
  }

  pauseInput(): void {
    this.socket.pause();
  }

  resumeInput(): void {
    this.socket.resume();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export { SEND_HIGH_WATERMARK_BYTES };
