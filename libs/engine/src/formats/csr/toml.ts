/**
 * The TOML subset of LiberTEM's raw CSR descriptors: `[section]` headers, `key = value` with
 * strings, integers, floats, booleans and (possibly multi-line) arrays of those; `#` comments.
 * Anything else is refused with the line number, never guessed.
 */
export type TomlValue = string | number | boolean | TomlValue[];
export type TomlDocument = Record<string, Record<string, TomlValue>>;

export class TomlError extends Error {}

function parseValue(text: string, line: number): TomlValue {
  const s = text.trim();
  if (s.startsWith('[')) {
    if (!s.endsWith(']')) throw new TomlError(`line ${line}: unterminated array`);
    const inner = s.slice(1, -1);
    const items: string[] = [];
    let depth = 0;
    let quote = '';
    let current = '';
    for (const ch of inner) {
      if (quote) {
        if (ch === quote) quote = '';
        current += ch;
      } else if (ch === '"' || ch === "'") {
        quote = ch;
        current += ch;
      } else if (ch === '[') {
        depth++;
        current += ch;
      } else if (ch === ']') {
        depth--;
        current += ch;
      } else if (ch === ',' && depth === 0) {
        items.push(current);
        current = '';
      } else {
        current += ch;
      }
    }
    if (current.trim()) items.push(current);
    return items.map((item) => parseValue(item, line));
  }
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(s) ?? /^'([^']*)'$/.exec(s);
  if (quoted) return quoted[1]!.replace(/\\(["\\])/g, '$1');
  if (s === 'true' || s === 'false') return s === 'true';
  if (/^[+-]?(\d[\d_]*)(\.\d+)?([eE][+-]?\d+)?$/.test(s)) return Number(s.replace(/_/g, ''));
  throw new TomlError(`line ${line}: cannot read the value ${s.slice(0, 40)}`);
}

function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '#') {
      return line.slice(0, i);
    }
  }
  return line;
}

export function parseToml(text: string): TomlDocument {
  const doc: TomlDocument = { '': {} };
  let section = doc['']!;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = stripComment(lines[i]!).trim();
    if (!line) continue;
    const header = /^\[([A-Za-z0-9_.-]+)\]$/.exec(line);
    if (header) {
      section = doc[header[1]!] ??= {};
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new TomlError(`line ${i + 1}: expected key = value`);
    // Arrays may continue over several lines.
    const start = i;
    while ((line.match(/\[/g)?.length ?? 0) > (line.match(/\]/g)?.length ?? 0) && i + 1 < lines.length && i - start < 10_000) line += ' ' + stripComment(lines[++i]!).trim();
    const key = line.slice(0, eq).trim().replace(/^"(.*)"$/, '$1');
    section[key] = parseValue(line.slice(eq + 1), start + 1);
  }
  return doc;
}
