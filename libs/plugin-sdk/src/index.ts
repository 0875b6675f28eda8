/**
 * `@stemflow/plugin-sdk` — everything a Stemflow plugin imports: `definePlugin` and its types,
 * TypeBox for parameter schemas, detector masks, the kernels (native SIMD with a JavaScript
 * fallback), FFTs, `.npy` files, errors, and the runner the engine drives. The test harness is in
 * `@stemflow/plugin-sdk/testing`. Start with `definePlugin`.
 *
 * @packageDocumentation
 */

/**
 * TypeBox's schema builder, re-exported so a plugin and the host share one copy: a plugin's
 * `params` schema is at once its parameter type (`Static`), its validation and its web form.
 * Put a `title` on every field and UI hints under `'x-ui'` (`unit`, `help`, `order`, `showIf`).
 *
 * @example
 * ```ts
 * import { Type, type Static } from '@stemflow/plugin-sdk';
 *
 * export const RingParams = Type.Object({
 *   ri: Type.Number({ title: 'Inner radius', minimum: 0, default: 10, 'x-ui': { unit: 'px' } }),
 *   ro: Type.Number({ title: 'Outer radius', minimum: 0, default: 20, 'x-ui': { unit: 'px' } }),
 * });
 * export type RingParams = Static<typeof RingParams>;
 * ```
 */
export { Type } from 'typebox';

/**
 * The TypeScript type of the values a TypeBox schema accepts: declare it under the schema's
 * name, never as a hand-written interface beside the schema.
 *
 * @example
 * ```ts
 * import { Type, type Static } from '@stemflow/plugin-sdk';
 *
 * export const SumParams = Type.Object({ normalise: Type.Boolean({ title: 'Divide by the frame count', default: false }) });
 * export type SumParams = Static<typeof SumParams>;
 * const params: SumParams = { normalise: true };
 * ```
 */
export type { Static } from 'typebox';

/**
 * Any TypeBox schema: the bound of `definePlugin`'s `params`, and the type for helpers that
 * build or take schemas.
 *
 * @example
 * ```ts
 * import { Type, type TSchema } from '@stemflow/plugin-sdk';
 *
 * // A pixel length field, shared by several parameter schemas of one plugin.
 * const pixels = (title: string, help: string): TSchema => Type.Number({ title, minimum: 0, 'x-ui': { unit: 'px', help } });
 * ```
 */
export type { TSchema } from 'typebox';
export * from './dtype';
export * from './errors';
export * from './plugin';
export { resolveParams } from './params';
export * from './npy';
export * from './masks';
export * from './masks-data';
export * from './masks-geometry';
export * from './kernels';
export * from './runner';
export * from './fft';
export * from './memoize';
