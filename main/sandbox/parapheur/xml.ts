/**
 * Minimal, strict XML reader for the small documents FAST receives (metadata, OTP information,
 * pictograms). Strict on purpose: FAST rejects malformed files, so the simulator must too.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);?/g, (m, e: string) => {
    if (!m.endsWith(';')) throw new XmlError(`unterminated entity ${m}`);
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

export function parseXml(input: string): XmlElement {
  let s = input.replace(/^\uFEFF/, '');
  let i = 0;
  const fail = (msg: string): never => {
    throw new XmlError(`${msg} (offset ${i})`);
  };
  const skipMisc = (): void => {
    for (;;) {
      while (i < s.length && /\s/.test(s[i]!)) i++;
      if (s.startsWith('<?', i)) {
        const end = s.indexOf('?>', i);
        if (end < 0) fail('unterminated processing instruction');
        i = end + 2;
      } else if (s.startsWith('<!--', i)) {
        const end = s.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (s.startsWith('<!DOCTYPE', i)) {
        fail('DOCTYPE not allowed');
      } else return;
    }
  };
  const parseElement = (): XmlElement => {
    if (s[i] !== '<') fail('element expected');
    i++;
    const m = NAME.exec(s.slice(i, i + 256));
    if (!m) return fail('element name expected');
    const el: XmlElement = { name: m[0], attributes: {}, children: [], text: '' };
    i += m[0].length;
    for (;;) {
      const ws = /^\s*/.exec(s.slice(i, i + 1024))![0].length;
      i += ws;
      if (s.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (s[i] === '>') {
        i++;
        break;
      }
      if (ws === 0) fail('whitespace expected before attribute');
      const an = NAME.exec(s.slice(i, i + 256));
      if (!an) return fail('attribute name expected');
      i += an[0].length;
      while (/\s/.test(s[i] ?? '')) i++;
      if (s[i] !== '=') fail('= expected');
      i++;
      while (/\s/.test(s[i] ?? '')) i++;
      const q = s[i];
      if (q !== '"' && q !== "'") return fail('quoted attribute value expected');
      const end = s.indexOf(q, i + 1);
      if (end < 0) fail('unterminated attribute value');
      const raw = s.slice(i + 1, end);
      if (raw.includes('<')) fail('< in attribute value');
      if (an[0] in el.attributes) fail(`duplicate attribute ${an[0]}`);
      el.attributes[an[0]] = decodeEntities(raw);
      i = end + 1;
    }
    for (;;) {
      if (i >= s.length) fail(`unclosed element ${el.name}`);
      if (s.startsWith('</', i)) {
        i += 2;
        if (!s.startsWith(el.name, i)) fail(`mismatched closing tag for ${el.name}`);
        i += el.name.length;
        while (/\s/.test(s[i] ?? '')) i++;
        if (s[i] !== '>') fail('> expected');
        i++;
        return el;
      }
      if (s.startsWith('<!--', i)) {
        const end = s.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (s.startsWith('<![CDATA[', i)) {
        const end = s.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        el.text += s.slice(i + 9, end);
        i = end + 3;
      } else if (s.startsWith('<?', i)) {
        const end = s.indexOf('?>', i);
        if (end < 0) fail('unterminated processing instruction');
        i = end + 2;
      } else if (s[i] === '<') {
        el.children.push(parseElement());
      } else {
        const next = s.indexOf('<', i);
        const end = next < 0 ? s.length : next;
        el.text += decodeEntities(s.slice(i, end));
        i = end;
      }
    }
  };
  skipMisc();
  if (i >= s.length) fail('empty document');
  const root = parseElement();
  skipMisc();
  if (i < s.length) fail('content after the root element');
  s = '';
  return root;
}

/** `<meta-data-list><meta-data name=".." value=".."/>…` → ordered name/value pairs. */
export function parseMetaDataList(input: string): { name: string; value: string }[] {
  const root = parseXml(input);
  if (root.name !== 'meta-data-list') throw new XmlError(`root element must be meta-data-list, got ${root.name}`);
  return root.children.map((c) => {
    if (c.name !== 'meta-data') throw new XmlError(`unexpected element ${c.name}`);
    const name = c.attributes['name'];
    if (!name) throw new XmlError('meta-data without a name');
    return { name, value: c.attributes['value'] ?? c.text.trim() };
  });
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
