/**
 * A small, non-validating XML reader for the instrument side files (EMPAD acquisition XML,
 * DE `Config.Metadata.xml`): elements, attributes, text, comments, CDATA and the five
 * predefined entities. No DTDs, no external entities (nothing is fetched or expanded), and
 * one pass over the text, so corrupt input cannot make it loop.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlSyntaxError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (!name.startsWith('#')) return ENTITIES[name] ?? whole;
    const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Deeper nesting than any instrument file has means corrupt input (and would overflow recursive look-ups). */
const MAX_DEPTH = 64;

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let pos = 0;
  const skipPast = (marker: string) => {
    const end = source.indexOf(marker, pos);
    if (end < 0) throw new XmlSyntaxError(`unterminated markup at character ${pos}`);
    return end;
  };
  while (pos < source.length) {
    const lt = source.indexOf('<', pos);
    const top = stack[stack.length - 1]!;
    if (lt < 0) {
      top.text += decodeEntities(source.slice(pos));
      break;
    }
    if (lt > pos) top.text += decodeEntities(source.slice(pos, lt));
    pos = lt;
    if (source.startsWith('<!--', pos)) {
      pos = skipPast('-->') + 3;
    } else if (source.startsWith('<![CDATA[', pos)) {
      const end = skipPast(']]>');
      top.text += source.slice(pos + 9, end);
      pos = end + 3;
    } else if (source.startsWith('<?', pos)) {
      pos = skipPast('?>') + 2;
    } else if (source.startsWith('<!', pos)) {
      pos = skipPast('>') + 1;
    } else if (source.startsWith('</', pos)) {
      const end = skipPast('>');
      const name = source.slice(pos + 2, end).trim();
      if (stack.length === 1 || top.name !== name) throw new XmlSyntaxError(`closing tag </${name}> does not match <${top.name}> at character ${pos}`);
      stack.pop();
      pos = end + 1;
    } else {
      const end = skipPast('>');
      let body = source.slice(pos + 1, end);
      const selfClosing = body.endsWith('/');
      if (selfClosing) body = body.slice(0, -1);
      const name = /^[^\s/>]+/.exec(body)?.[0];
      if (!name) throw new XmlSyntaxError(`empty tag at character ${pos}`);
      const attrs: Record<string, string> = {};
      for (const match of body.slice(name.length).matchAll(ATTRIBUTE)) attrs[match[1]!] = decodeEntities(match[3] ?? match[4] ?? '');
      const element: XmlElement = { name, attrs, children: [], text: '' };
      top.children.push(element);
      if (!selfClosing) {
        if (stack.length > MAX_DEPTH) throw new XmlSyntaxError(`elements nested deeper than ${MAX_DEPTH} levels at character ${pos}`);
        stack.push(element);
      }
      pos = end + 1;
    }
  }
  if (stack.length > 1) throw new XmlSyntaxError(`<${stack[stack.length - 1]!.name}> is never closed`);
  const documentElement = root.children[0];
  if (!documentElement || root.children.length > 1) throw new XmlSyntaxError('an XML document has exactly one root element');
  return documentElement;
}

/** The first descendant (depth first) with this name, optionally with an attribute value. */
export function findElement(element: XmlElement, name: string, attr?: [string, string]): XmlElement | undefined {
  for (const child of element.children) {
    if (child.name === name && (!attr || child.attrs[attr[0]] === attr[1])) return child;
    const found = findElement(child, name, attr);
    if (found) return found;
  }
  return undefined;
}

/** Every descendant with this name. */
export function findAll(element: XmlElement, name: string, into: XmlElement[] = []): XmlElement[] {
  for (const child of element.children) {
    if (child.name === name) into.push(child);
    findAll(child, name, into);
  }
  return into;
}

/** A path of child names below `element` (e.g. `['iom_measurements', 'high_voltage']`). */
export function childAt(element: XmlElement, path: string[]): XmlElement | undefined {
  let current: XmlElement | undefined = element;
  for (const name of path) current = current?.children.find((c) => c.name === name);
  return current;
}

/** A finite number from an element's trimmed text. */
export function numberAt(element: XmlElement | undefined): number | undefined {
  if (!element) return undefined;
  const text = element.text.trim();
  if (text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}
