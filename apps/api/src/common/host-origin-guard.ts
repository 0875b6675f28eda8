import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { problem, sendProblem, type Problem } from './problem';

/** What the Host and Origin checks need from the server configuration. */
export interface HostOriginPolicy {
  /** The interface the server binds (`127.0.0.1`, `0.0.0.0`, a name). */
  host: string;
  allowedHosts: string[];
  allowedOrigins: string[];
  configFile: string;
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD = new Set(['0.0.0.0', '::', '[::]', '']);

interface Authority {
  name: string;
  port?: number;
}

/** `name`, `name:port`, `[v6]:port` → lower-case name (IPv6 in brackets) and port. */
export function parseAuthority(text: string): Authority | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(text.trim());
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase(), ...(match[2] ? { port: Number(match[2]) } : {}) };
}

const bracketed = (address: string): string => (address.includes(':') ? `[${address}]` : address).toLowerCase();

/** The names this server answers to: loopback always, the bound name, and every local address when bound to all. */
function ownNames(bindHost: string): Set<string> {
  const names = new Set(LOOPBACK);
  if (!WILDCARD.has(bindHost)) {
    names.add(bracketed(bindHost.replace(/^\[|\]$/g, '')));
    return names;
  }
  names.add(hostname().toLowerCase());
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) names.add(bracketed(a.address));
  }
  return names;
}

const namesCache = new Map<string, Set<string>>();

/** Whether `authority` (from a Host header or an Origin) names this server listening on `port`. */
function isOwnAuthority(authority: Authority, port: number, policy: HostOriginPolicy, secure = false): boolean {
  const effectivePort = authority.port ?? (secure ? 443 : 80);
  let names = namesCache.get(policy.host);
  if (!names) namesCache.set(policy.host, (names = ownNames(policy.host)));
  // The server itself speaks plain HTTP: an https origin can only be a configured proxy name.
  if (!secure && names.has(authority.name) && effectivePort === port) return true;
  return policy.allowedHosts.some((entry) => {
    const allowed = parseAuthority(entry);
    return !!allowed && allowed.name === authority.name && (allowed.port === undefined || allowed.port === effectivePort);
  });
}

/**
 * Why a request must be refused (403), or undefined. The Host must name this server, so a
 * page on a foreign domain that re-points its DNS at 127.0.0.1 (DNS rebinding) gets nothing;
 * an Origin, when present, must be this server's own, so another web page cannot drive the
 * API from a user's browser. Requests without Origin (curl, the CLI) pass this check.
 */
export function hostOriginProblem(req: IncomingMessage, policy: HostOriginPolicy): Problem | undefined {
  const port = req.socket.localPort ?? 0;
  const here = `http://127.0.0.1:${port}`;
  const host = req.headers.host;
  const authority = host ? parseAuthority(host) : undefined;
  if (!authority || !isOwnAuthority(authority, port, policy)) {
    return problem(
      403,
      'FORBIDDEN',
      `this server does not answer to the name "${host ?? ''}" (a defence against DNS rebinding): open ${here}, or add the name to "allowedHosts" in ${policy.configFile}`,
    );
  }
  const origin = req.headers.origin;
  if (origin === undefined || isAllowedOrigin(origin, port, policy)) return undefined;
  return problem(403, 'FORBIDDEN', `requests from the web page at ${origin} are refused (another origin): open Stemflow at ${here}, or add the origin to "allowedOrigins" in ${policy.configFile}`);
}

function isAllowedOrigin(origin: string, port: number, policy: HostOriginPolicy): boolean {
  const normalized = origin.trim().toLowerCase().replace(/\/$/, '');
  if (policy.allowedOrigins.some((o) => o.trim().toLowerCase().replace(/\/$/, '') === normalized)) return true;
  let url: URL;
  try {
    url = new URL(normalized); // 'null' (sandboxed frames, file://) does not parse: refused
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const authority = parseAuthority(url.host);
  return !!authority && isOwnAuthority(authority, port, policy, url.protocol === 'https:');
}

/** Express middleware: 403 problem+json for a foreign Host or Origin, before the token or any body is read. */
export function hostOriginGuard(policy: HostOriginPolicy) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const refused = hostOriginProblem(req, policy);
    if (refused) return sendProblem(res, refused);
    next();
  };
}
