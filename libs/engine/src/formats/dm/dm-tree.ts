import type { DmEntry, DmGroup, DmLeaf } from './dm-tags';

/** Helpers to walk a parsed tag tree by name, as DigitalMicrograph's tag paths do ("ImageData:Dimensions"). */

export function isGroup(value: DmEntry['value'] | undefined): value is DmGroup {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'group';
}

/** The first tag called `name` in `group`. */
export function child(group: DmGroup | undefined, name: string): DmEntry['value'] | undefined {
  return group?.entries.find((e) => e.name === name)?.value;
}

/** Follow a path of group names separated by '/'. */
export function groupAt(group: DmGroup | undefined, path: string): DmGroup | undefined {
  let at: DmGroup | undefined = group;
  for (const name of path.split('/')) {
    const next = child(at, name);
    at = isGroup(next) ? next : undefined;
  }
  return at;
}

/** The sub-groups of a list group (DM lists are groups of unnamed groups). */
export function listGroups(group: DmGroup | undefined): DmGroup[] {
  return (group?.entries ?? []).map((e) => e.value).filter(isGroup);
}

/** The scalar values of a list of unnamed data tags (e.g. ImageData/Dimensions). */
export function listNumbers(group: DmGroup | undefined): number[] | undefined {
  if (!group) return undefined;
  const values = group.entries.map((e) => e.value);
  return values.every((v) => typeof v === 'number') ? (values as number[]) : undefined;
}

export function numberAt(group: DmGroup | undefined, name: string): number | undefined {
  const value = child(group, name);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A text tag: DM stores strings as arrays of UTF-16 code units (type 4) or of bytes (types 9, 10). */
export function stringAt(group: DmGroup | undefined, name: string, littleEndian: boolean): string | undefined {
  return tagString(child(group, name), littleEndian);
}

export function tagString(value: DmLeaf | DmGroup | undefined, littleEndian: boolean): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value.kind !== 'array' || !value.raw) return undefined;
  const raw = value.raw;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  let s = '';
  if (value.type === 4) for (let i = 0; i + 1 < raw.length; i += 2) s += String.fromCharCode(view.getUint16(i, littleEndian));
  else if (value.type === 9 || value.type === 10) for (const b of raw) s += String.fromCharCode(b);
  else return undefined;
  // DM ends some strings with a line separator (U+2028) or NULs.
  return s.replace(/[\u2028\u0000]+$/u, '').trim();
}

/** Depth-first search for the first group called `name` below `group` (bounded by the tree, which is finite). */
export function findGroup(group: DmGroup | undefined, name: string): DmGroup | undefined {
  if (!group) return undefined;
  for (const entry of group.entries) {
    if (isGroup(entry.value)) {
      if (entry.name === name) return entry.value;
      const found = findGroup(entry.value, name);
      if (found) return found;
    }
  }
  return undefined;
}
