import type { IncomingMessage } from 'node:http';
import { tokenMatches, tokenOf } from './token-auth';

const request = (url: string, authorization?: string) => ({ url, headers: authorization ? { authorization } : {} }) as IncomingMessage;

describe('token auth', () => {
  it('matches only the exact token', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('abcd', 'abc')).toBe(false);
    expect(tokenMatches('', 'abc')).toBe(false);
    expect(tokenMatches(undefined, 'abc')).toBe(false);
  });

  it('reads a Bearer header first, then ?token=', () => {
    expect(tokenOf(request('/api/jobs', 'Bearer t1'))).toBe('t1');
    expect(tokenOf(request('/api/jobs?token=t2', 'bearer  t1 '))).toBe('t1');
    expect(tokenOf(request('/api/jobs?a=1&token=t2'))).toBe('t2');
    expect(tokenOf(request('/api/jobs', 'Basic dXNlcjpwYXNz'))).toBeUndefined();
    expect(tokenOf(request('/api/jobs'))).toBeUndefined();
  });
});
