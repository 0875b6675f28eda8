import { resolve } from 'node:path';
import { isDType, StemflowError } from '@stemflow/plugin-sdk';
import { parseShape, stringOption, type ParsedArgs } from '../args';
import { ProgressBar } from '../progress-bar';
import { writeSample } from '../sample/write-sample';

export function sample(args: ParsedArgs): void {
  const path = args.positionals[0];
  if (!path) throw new StemflowError('PARAMS_INVALID', 'give the output path: stemflow sample data.npy --nav 64x64 --sig 128x128');
  const nav = parseShape(stringOption(args, 'nav') ?? '64x64', 'nav')!;
  const sig = parseShape(stringOption(args, 'sig') ?? '128x128', 'sig')!;
  if (nav.length !== 2 || sig.length !== 2) throw new StemflowError('PARAMS_INVALID', '--nav and --sig take two sizes each, like 64x64');
  const dtype = stringOption(args, 'dtype') ?? 'uint16';
  if (!isDType(dtype)) throw new StemflowError('PARAMS_INVALID', `--dtype "${dtype}" is not a supported dtype`);
  const seed = Number(stringOption(args, 'seed') ?? 1);
  const bar = new ProgressBar('sample');
  const { bytes, format } = writeSample(path, {
    navShape: nav as [number, number],
    sigShape: sig as [number, number],
    dtype,
    seed,
    onFrames: (done, total) => bar.update(done, total),
  });
  bar.finish();
  const open = format === 'raw' ? ` (open with --nav ${nav.join('x')} --sig ${sig.join('x')} --dtype ${dtype})` : '';
  process.stderr.write(`wrote ${resolve(path)}: ${bytes.toLocaleString('en-US')} bytes, nav ${nav.join('×')}, sig ${sig.join('×')}, ${dtype}${open}\n`);
}
