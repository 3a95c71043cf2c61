// Minimal typings for @xmpp/client 0.14 (it ships none); only what the tests and the load generator use.
declare module '@xmpp/client' {
  import type { EventEmitter } from 'node:events';

  export interface Element {
    name: string;
    attrs: Record<string, string>;
    children: (Element | string)[];
    is(name: string, xmlns?: string): boolean;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildText(name: string, xmlns?: string): string | null;
    getText(): string;
    text(): string;
    toString(): string;
  }

  export interface JID {
    local: string;
    domain: string;
    resource: string;
    toString(): string;
    bare(): JID;
  }

  export interface IqCaller {
    request(el: Element, timeout?: number): Promise<Element>;
    get(el: Element, to?: string, timeout?: number): Promise<Element>;
    set(el: Element, to?: string, timeout?: number): Promise<Element>;
  }

  export interface Client extends EventEmitter {
    jid?: JID;
    status: string;
    iqCaller: IqCaller;
    reconnect: { stop(): void };
    start(): Promise<JID>;
    stop(): Promise<void>;
    send(...el: Element[]): Promise<void>;
    write(data: string): Promise<void>;
  }

  export interface ClientOptions {
    service: string;
    domain?: string;
    username?: string;
    password?: string;
    resource?: string;
    timeout?: number;
  }

  export function client(options: ClientOptions): Client;
  export function xml(name: string, attrs?: Record<string, string | undefined> | null, ...children: (Element | string)[]): Element;
  export function jid(s: string): JID;
}
