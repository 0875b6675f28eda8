import { titleOf } from './scaffold-source';

/** README.md of a new plugin: what it does, how to build, test, check, pack and install it. */
export function readme(name: string, pluginId: string): string {
  // npm's tarball name: the package name without "@", "/" as "-", then the version.
  const tarball = `${name.replace(/^@/, '').replace('/', '-')}-0.1.0.tgz`;
  return `# ${titleOf(pluginId)}

A [Stemflow](https://github.com/stemflow) analysis plugin (id \`${pluginId}\`): for each scan
position, the sum of the frame over a disk of detector pixels.

## Develop

\`\`\`sh
npm install          # the SDK (peer dependency, also a dev dependency), TypeScript, Jest, swc
npm test             # src/index.spec.ts: awkward tilings against a float64 reference
npm run build        # type-checks and compiles src/ to dist/ (what the host loads)
npx stemflow plugin validate .   # manifest, API range, form-renderable schema, defaults
\`\`\`

Tests resolve \`@stemflow/plugin-sdk\` and \`@stemflow/plugin-sdk/testing\` the way Node does,
from \`node_modules\`: nothing in \`jest.config.js\` points at a particular SDK checkout, so the
tests run against exactly the SDK you installed. Inside the Stemflow repository the workspace's
\`node_modules\` (found by walking up) provides it; the SDK must be built (\`dist/\`).

## Publish and install

\`\`\`sh
npm pack             # builds (prepack) and writes ${tarball}
npm publish          # or install the tarball directly
\`\`\`

Into a Stemflow home (\`--home\`, \`$STEMFLOW_HOME\` or \`~/.stemflow\`):

\`\`\`sh
stemflow plugin install ./${tarball}   # or this folder, or ${name} from a registry
stemflow plugins                      # lists it; restart \`stemflow serve\` and \`stemflow worker\`s
stemflow plugin uninstall ${name}
\`\`\`

\`plugin install\` puts the package in \`<home>/plugins\` (linked to the host's own SDK) and
allows it in \`<home>/config.json\`; \`plugin uninstall\` undoes both.

The \`stemflow.apiVersion\` range in package.json says which plugin API this package is made for;
a host whose API is outside it refuses to load it and says why.
`;
}
