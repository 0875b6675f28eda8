/**
 * JSON with every character outside printable ASCII written as a `\uXXXX` escape: still the same
 * JSON value, but safe for containers whose text fields are 7-bit (TIFF ASCII tags) or Latin-1
 * (PNG tEXt chunks).
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
