import { StemflowError } from '@stemflow/plugin-sdk';

// npm's rules for new package names: lower case, ≤ 214 characters, URL-safe, not starting with
// `.` or `_`, optionally `@scope/name`.
const NAME_PART = /^[a-z0-9-~][a-z0-9-._~]*$/;

/** Why `name` is not a valid npm package name, or undefined if it is. */
export function npmNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > 214) return 'is longer than 214 characters';
  if (name !== name.toLowerCase()) return 'has upper-case letters (npm names are lower case)';
  if (name !== name.trim()) return 'has leading or trailing spaces';
  const parts = name.startsWith('@') ? name.slice(1).split('/') : [name];
  if (name.startsWith('@') && parts.length !== 2) return 'is a scoped name but not of the form @scope/name';
  if (!name.startsWith('@') && name.includes('/')) return 'has a "/" (only @scope/name may)';
  for (const part of parts) {
    if (!NAME_PART.test(part)) return `"${part}" may hold only a-z, 0-9, "-", ".", "_" and "~", and must not start with "." or "_"`;
  }
  return undefined;
}

/**
 * The plugin id for a package name: the name without its scope and without a
 * `stemflow-plugin-` / `plugin-` prefix, in kebab-case (`@lab/stemflow-plugin-Ring_Sum` → `ring-sum`).
 */
export function pluginIdFor(packageName: string): string {
  const bare = packageName.replace(/^@[^/]+\//, '').replace(/^(stemflow-plugin-|plugin-)/, '');
  const id = bare
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^[-0-9]+|-+$/g, '')
    .toLowerCase();
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) {
    throw new StemflowError('PARAMS_INVALID', `cannot derive a plugin id from "${packageName}": use a name with letters, e.g. "stemflow-plugin-ring-sum"`);
  }
  return id;
}
