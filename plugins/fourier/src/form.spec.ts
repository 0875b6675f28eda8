import { resolveParams, type AnyPlugin } from '@stemflow/plugin-sdk';
import { paramErrors, randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
import plugins, { fftMask, fftSum, radial } from './index';


type Schema = { title?: string; properties: Record<string, { title?: string; type?: string; enum?: unknown[]; 'x-ui'?: { unit?: string; help?: string } }>; 'x-ui'?: { overlay?: string } };

describe('fourier plugins: the package', () => {
  test('exports three analyses with ids fourier.<name>', () => {
    expect(plugins.map((p) => p.id)).toEqual(['fourier.fft-sum', 'fourier.fft-mask', 'fourier.radial']);
  });

  test.each(plugins.map((p) => [p.id, p] as const))('%s: every field has a title and help, lengths carry a unit, the form draws an overlay', (_, plugin) => {
    const schema = plugin.params as unknown as Schema;
    expect(typeof schema.title).toBe('string');
    expect(['disk', 'ring']).toContain(schema['x-ui']?.overlay);
    for (const [name, prop] of Object.entries(schema.properties)) {
      expect([name, typeof prop.title, typeof prop['x-ui']?.help]).toEqual([name, 'string', 'string']);
      if (['cx', 'cy', 'r', 'ri', 'ro'].includes(name)) expect([name, prop['x-ui']?.unit]).toEqual([name, 'px']);
    }
  });

  test.each([
    [[9, 11]],
    [[8, 16]],
    [[1, 7]],
    [[2, 2]],
    [[5]],
  ])('defaults validate and run on sig %j', (sig) => {
    const ds = randomDataSet([2, 2], sig, 'uint16', 3);
    for (const plugin of plugins as AnyPlugin[]) expect(() => runUdf(plugin, ds, {})).not.toThrow();
  });

  test('defaults suit a 256×256 detector', () => {
    const ds = { navShape: [4, 4], sigShape: [256, 256], dtype: 'uint16' as const, frames: 16 };
    expect(resolveParams(fftSum, {}, ds)).toEqual({ mode: 'sum-of-magnitudes', cx: 128, cy: 128 });
    expect(resolveParams(fftMask, {}, ds)).toEqual({ ri: 32, ro: 96, cx: 128, cy: 128 });
    // LiberTEM: ri = 0, ro = bounding_radius = ceil(√(128² + 128²)) + 1, one bin, 24 orders.
    expect(resolveParams(radial, {}, ds)).toEqual({ cx: 128, cy: 128, ri: 0, ro: 183, nBins: 1, maxOrder: 24 });
  });
});

describe('fourier plugins: nonsense is refused with a pointer to the field', () => {
  const ds = randomDataSet([2, 3], [9, 11]);
  const paths = (plugin: AnyPlugin, params: object) => paramErrors(() => runUdf(plugin, ds, params)).map((e) => e.path);

  test.each([
    [fftMask.id, { ri: 3, ro: 3 }, ['/ri'], fftMask],
    [fftMask.id, { ri: 4, ro: 2 }, ['/ri'], fftMask],
    [radial.id, { ri: 5, ro: 5 }, ['/ri'], radial],
    [radial.id, { cx: 11, cy: 4 }, ['/cx'], radial],
    [radial.id, { cx: 3, cy: -0.5 }, ['/cy'], radial],
    [radial.id, { cx: 5, cy: 4, ri: 20, ro: 30 }, ['/ro'], radial],
    [radial.id, { nBins: 0 }, ['/nBins'], radial],
    [radial.id, { maxOrder: 2.5 }, ['/maxOrder'], radial],
    [radial.id, { maxOrder: 0 }, ['/maxOrder'], radial],
    [fftMask.id, { ri: 8, ro: 9 }, ['/ro'], fftMask],
    [fftSum.id, { mode: 'both' }, ['/mode'], fftSum],
    [fftSum.id, { r: -1 }, ['/r'], fftSum],
    [fftSum.id, { cx: -1, cy: 4, r: 2 }, ['/cx'], fftSum],
    [fftMask.id, { cx: 3, cy: 9, r: 2 }, ['/cy'], fftMask],
    [fftSum.id, { r: 20 }, ['/r'], fftSum],
  ] as [string, object, string[], AnyPlugin][])('%s %j is refused at %j', (_, params, expected, plugin) => {
    expect(paths(plugin, params)).toEqual(expected);
  });

  test('messages say how to fix it', () => {
    expect(paramErrors(() => runUdf(fftMask, ds, { ri: 4, ro: 2 }))[0]!.message).toMatch(/lower ri or raise ro/);
    expect(paramErrors(() => runUdf(fftMask, ds, { ri: 8, ro: 9 }))[0]!.message).toMatch(/raise ro/);
    expect(paramErrors(() => runUdf(radial, ds, { cx: 11, cy: 4 }))[0]!.message).toMatch(/0 ≤ cx < 11/);
    expect(paramErrors(() => runUdf(fftSum, ds, { r: 20 }))[0]!.message).toMatch(/lower r, or leave it empty/);
  });

  test('a blank-disk centre off the frame is fine when nothing is blanked', () => {
    expect(() => runUdf(fftSum, ds, { cx: -5, cy: 40 })).not.toThrow();
  });
});
