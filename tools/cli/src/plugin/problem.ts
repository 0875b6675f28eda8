/** One finding of `stemflow plugin validate`: where (a file, a field or a JSON pointer) and how to fix it. */
export interface Problem {
  path: string;
  message: string;
  level: 'error' | 'warning';
}

export const error = (path: string, message: string): Problem => ({ path, message, level: 'error' });
export const warning = (path: string, message: string): Problem => ({ path, message, level: 'warning' });
