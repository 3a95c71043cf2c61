// XML 1.0 §2.4 character data escaping, for text and attribute values we serialize.

const TEXT_RE = /[&<>]/;
const ATTR_RE = /[&<>"']/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeText(text: string): string {
  return TEXT_RE.test(text) ? text.replace(/[&<>]/g, (c) => ESCAPES[c]) : text;
}

export function escapeAttr(value: string): string {
  return ATTR_RE.test(value) ? value.replace(/[&<>"']/g, (c) => ESCAPES[c]) : value;
}
