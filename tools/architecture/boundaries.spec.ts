import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The dependency direction of DESIGN.md is a rule, enforced by lint; these cases prove it bites. */
const root = join(__dirname, '../..');
const eslintBin = join(root, 'node_modules/eslint/bin/eslint.js');

/** Lint `code` as if it were `file` (ESLint's CLI: its config loader needs real ESM, which Jest lacks). */
async function problems(file: string, code: string): Promise<string[]> {
  const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', '--stdin', '--stdin-filename', file], { cwd: root, input: code, encoding: 'utf8' });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('architecture boundaries', () => {
  it('a plugin may import the SDK', async () => {
    expect(await problems('plugins/sum/src/ok.ts', "import { Type } from '@stemflow/plugin-sdk';\nexport const t = Type;\n")).toEqual([]);
  });

  it.each([
    ['a plugin importing the engine', 'plugins/sum/src/bad.ts', "import { openDataSet } from '@stemflow/engine';\nexport const x = openDataSet;\n"],
    ['a plugin reading files itself', 'plugins/sum/src/bad.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['the engine importing NestJS', 'libs/engine/src/bad.ts', "import { Controller } from '@nestjs/common';\nexport const x = Controller;\n"],
    ['the SDK importing the engine', 'libs/plugin-sdk/src/bad.ts', "import { openDataSet } from '@stemflow/engine';\nexport const x = openDataSet;\n"],
    ['the web app importing the engine', 'apps/web/src/bad.ts', "import { openDataSet } from '@stemflow/engine';\nexport const x = openDataSet;\n"],
  ])('refuses %s', async (_what, file, code) => {
    expect((await problems(file, code)).length).toBeGreaterThan(0);
  });
});
