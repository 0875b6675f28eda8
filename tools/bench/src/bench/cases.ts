import type { DatasetInfo } from '@stemflow/plugin-sdk';

/** One analysis of the suite: which plugin runs, with which parameters for a given data set. */
export interface BenchCase {
  id: string;
  title: string;
  /** The analysis id (plugin id) in the plugin catalog. */
  analysis: string;
  /** The plugin package that holds it (its `stemflow.pluginId`). */
  pluginPackage: string;
  /** Parameters before `resolveParams` fills in the plugin's defaults and checks them. */
  params(dataset: DatasetInfo): Record<string, unknown>;
}

/**
 * 16 masks spread over the frame: 8 disks on a circle at 0.25 × the short side from the centre,
 * 8 rings between them at 0.3 × the short side. Radii scale with the frame, so the shapes stay
 * on the detector for tiny test frames too.
 */
export function sixteenMasks(sigShape: readonly number[]): Record<string, unknown>[] {
  const [h = 1, w = 1] = sigShape;
  const side = Math.min(h, w);
  const masks: Record<string, unknown>[] = [];
  for (let k = 0; k < 8; k++) {
    const a = (k * Math.PI) / 4;
    masks.push({ shape: 'disk', cx: w / 2 + 0.25 * side * Math.cos(a), cy: h / 2 + 0.25 * side * Math.sin(a), r: 0.1 * side });
  }
  for (let k = 0; k < 8; k++) {
    const a = ((k + 0.5) * Math.PI) / 4;
    masks.push({ shape: 'ring', cx: w / 2 + 0.3 * side * Math.cos(a), cy: h / 2 + 0.3 * side * Math.sin(a), ri: 0.05 * side, ro: 0.12 * side });
  }
  return masks;
}

/** The analyses of the LiberTEM comparison table, in table order. */
export const BENCH_CASES: readonly BenchCase[] = [
  { id: 'sum', title: 'sum of frames', analysis: 'sum', pluginPackage: 'sum', params: () => ({}) },
  {
    id: 'virtual-detector-disk',
    title: 'virtual detector, 1 disk mask',
    analysis: 'virtual-detector',
    pluginPackage: 'virtual-detector',
    // The plugin's defaults: a centred disk of r = 0.3 × half the short side; storage "auto" as a user gets it.
    params: ({ sigShape: [h = 1, w = 1] }) => ({ shape: 'disk', cx: w / 2, cy: h / 2, r: 0.3 * (Math.min(h, w) / 2) }),
  },
  {
    id: 'virtual-detector-16-masks',
    title: '16 masks at once',
    analysis: 'virtual-detector',
    pluginPackage: 'virtual-detector',
    // Storage "auto" as a user gets it: these binary masks cover ~9 % of the weights, so they run
    // as exact integer sums over row runs.
    params: ({ sigShape }) => ({ shape: 'stack', masks: sixteenMasks(sigShape) }),
  },
  {
    id: 'virtual-detector-16-masks-dense',
    title: '16 masks at once, dense storage',
    analysis: 'virtual-detector',
    pluginPackage: 'virtual-detector',
    // Dense storage multiplies every weight, zero or not: the arithmetic-bound case.
    params: ({ sigShape }) => ({ shape: 'stack', masks: sixteenMasks(sigShape), storage: 'dense' }),
  },
  { id: 'center-of-mass', title: 'centre of mass', analysis: 'center-of-mass', pluginPackage: 'center-of-mass', params: () => ({}) },
  { id: 'std-dev', title: 'standard deviation', analysis: 'std-dev', pluginPackage: 'std-dev', params: () => ({}) },
];
