import { Type } from 'typebox';
import { StemflowError } from './errors';
import { resolveParams } from './params';
import { definePlugin } from './plugin';

const plugin = definePlugin({
  id: 'ring-test',
  title: 'Ring',
  description: 'test',
  params: Type.Object({
    shape: Type.Enum(['disk', 'ring'], { default: 'disk' }),
    cx: Type.Number({ minimum: 0 }),
    cy: Type.Number({ minimum: 0 }),
    ri: Type.Optional(Type.Number({ minimum: 0 })),
    ro: Type.Optional(Type.Number({ minimum: 0 })),
  }),
  defaults: ({ sigShape }) => ({ cx: sigShape[1]! / 2, cy: sigShape[0]! / 2 }),
  check: (p) => (p.shape === 'ring' && (p.ri ?? 0) >= (p.ro ?? 0) ? [{ path: '/ri', message: 'inner radius must be below the outer radius' }] : []),
  udf: { buffers: {}, processFrame: () => undefined },
});
const dataset = { navShape: [2, 2], sigShape: [16, 20], dtype: 'uint16' as const, frames: 4 };

function errorsOf(input: unknown): { path: string; message: string }[] {
  try {
    resolveParams(plugin, input, dataset);
  } catch (error) {
    expect(error).toBeInstanceOf(StemflowError);
    expect((error as StemflowError).code).toBe('PARAMS_INVALID');
    return (error as StemflowError).errors ?? [];
  }
  throw new Error('expected PARAMS_INVALID');
}

describe('resolveParams', () => {
  it('fills data-set defaults and schema defaults under the user input', () => {
    expect(resolveParams(plugin, { cy: 3 }, dataset)).toEqual({ shape: 'disk', cx: 10, cy: 3 });
  });

  it('reports every schema error with its JSON pointer', () => {
    const errors = errorsOf({ shape: 'square', cx: -1 });
    expect(errors.map((e) => e.path).sort()).toEqual(['/cx', '/shape']);
    expect(errors.find((e) => e.path === '/shape')!.message).toMatch(/"disk", "ring"/);
  });

  it('reports a missing required field at its own pointer', () => {
    const bare = definePlugin({ ...plugin, defaults: undefined });
    expect(() => resolveParams(bare, { shape: 'disk', cx: 1 })).toThrow(/\/cy: is required/);
  });

  it('runs the cross-field check only on schema-valid input', () => {
    expect(errorsOf({ shape: 'ring', ri: 5, ro: 4 })).toEqual([{ path: '/ri', message: 'inner radius must be below the outer radius' }]);
  });

  it('refuses a non-object', () => {
    expect(errorsOf([1, 2])).toEqual([{ path: '/', message: 'must be an object' }]);
  });
});
