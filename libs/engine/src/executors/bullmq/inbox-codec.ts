import { StemflowError } from '@stemflow/plugin-sdk';
import type { InboxMessage } from './messages';

/**
 * One inbox entry: u32 little-endian header length, the JSON header (an InboxMessage), then
 * the body (a result's binary encoding; empty for other messages). The result travels inside
 * the list entry itself, so the host gets it with the same BLPOP that tells it about it, and
 * popping it is what removes it from Redis.
 */
export function encodeInbox(message: InboxMessage, body?: Buffer): Buffer {
  const header = Buffer.from(JSON.stringify(message), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length, 0);
  return Buffer.concat(body ? [length, header, body] : [length, header]);
}

export function decodeInbox(entry: Buffer): { message: InboxMessage; body: Buffer } {
  const length = entry.length >= 4 ? entry.readUInt32LE(0) : -1;
  if (length < 2 || 4 + length > entry.length) throw new StemflowError('INTERNAL', `a damaged message in the host's Redis inbox (${entry.length} bytes); was it written by another Stemflow version?`);
  const message = JSON.parse(entry.toString('utf8', 4, 4 + length)) as InboxMessage;
  return { message, body: entry.subarray(4 + length) };
}
