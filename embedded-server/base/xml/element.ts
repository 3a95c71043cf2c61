// A small XML element tree for stanzas: what the stream parser produces and what every
// protocol handler builds. Kept deliberately plain (name, attrs, children) so stanzas are cheap
// to create, walk and serialize on the hot path.
import { escapeAttr, escapeText } from './escape.js';

export type XmlNode = XmlElement | string;
export type XmlAttrs = Record<string, string>;

export class XmlElement {
  parent: XmlElement | undefined;
  readonly children: XmlNode[] = [];

  constructor(
    public name: string,
    public attrs: XmlAttrs = {},
  ) {}

  /** The element's namespace: its own xmlns, or the nearest ancestor's. */
  get xmlns(): string | undefined {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let el: XmlElement | undefined = this;
    while (el) {
      const ns = el.attrs.xmlns;
      if (ns !== undefined) return ns;
      el = el.parent;
    }
    return undefined;
  }

  attr(name: string): string | undefined {
    return this.attrs[name];
  }

  setAttr(name: string, value: string | undefined): this {
    if (value === undefined) delete this.attrs[name];
    else this.attrs[name] = value;
    return this;
  }

  /** First child element with this name (and namespace, when given). */
  getChild(name: string, xmlns?: string): XmlElement | undefined {
    for (const child of this.children) {
      if (typeof child !== 'string' && child.name === name && (xmlns === undefined || child.xmlns === xmlns)) {
        return child;
      }
    }
    return undefined;
  }

  getChildren(name?: string, xmlns?: string): XmlElement[] {
    const out: XmlElement[] = [];
    for (const child of this.children) {
      if (typeof child === 'string') continue;
      if (name !== undefined && child.name !== name) continue;
      if (xmlns !== undefined && child.xmlns !== xmlns) continue;
      out.push(child);
    }
    return out;
  }

  /** First child element whose namespace is xmlns, whatever its name. */
  getChildByNs(xmlns: string): XmlElement | undefined {
    for (const child of this.children) {
      if (typeof child !== 'string' && child.xmlns === xmlns) return child;
    }
    return undefined;
  }

  elements(): XmlElement[] {
    return this.children.filter((c): c is XmlElement => typeof c !== 'string');
  }

  /** Concatenated text of the direct text children. */
  text(): string {
    let out = '';
    for (const child of this.children) if (typeof child === 'string') out += child;
    return out;
  }

  getChildText(name: string, xmlns?: string): string | undefined {
    return this.getChild(name, xmlns)?.text();
  }

  /** Append a child element and return it (builder style: el.c('query', {xmlns}).c('item')). */
  c(name: string, attrs: XmlAttrs = {}): XmlElement {
    const child = new XmlElement(name, attrs);
    child.parent = this;
    this.children.push(child);
    return child;
  }

  /** Append an existing element (detaching it from a previous parent) and return this. */
  append(...nodes: XmlNode[]): this {
    for (const node of nodes) {
      if (typeof node !== 'string') node.parent = this;
      this.children.push(node);
    }
    return this;
  }

  /** Append text and return this. */
  t(text: string): this {
    this.children.push(text);
    return this;
  }

  /** The parent, for builder chains. Returns this on a root element. */
  up(): XmlElement {
    return this.parent ?? this;
  }

  removeChildren(predicate: (child: XmlElement) => boolean): this {
    for (let i = this.children.length - 1; i >= 0; i--) {
      const child = this.children[i];
      if (typeof child !== 'string' && predicate(child)) this.children.splice(i, 1);
    }
    return this;
  }

  /** Deep copy, detached from any parent. */
  clone(): XmlElement {
    const copy = new XmlElement(this.name, { ...this.attrs });
    for (const child of this.children) {
      if (typeof child === 'string') copy.children.push(child);
      else {
        const c = child.clone();
        c.parent = copy;
        copy.children.push(c);
      }
    }
    return copy;
  }

  toString(): string {
    let out = '<' + this.name;
    const attrs = this.attrs;
    for (const key in attrs) {
      const value = attrs[key];
      if (value !== undefined) out += ' ' + key + '="' + escapeAttr(value) + '"';
    }
    if (this.children.length === 0) return out + '/>';
    out += '>';
    for (const child of this.children) out += typeof child === 'string' ? escapeText(child) : child.toString();
    return out + '</' + this.name + '>';
  }
}

/** Build an element tree in one expression: xml('iq', {type:'result'}, xml('query', {xmlns})). */
export function xml(name: string, attrs: XmlAttrs | null = null, ...children: (XmlNode | undefined | false)[]): XmlElement {
  const el = new XmlElement(name, attrs ?? {});
  for (const child of children) if (child !== undefined && child !== false) el.append(child);
  return el;
}
