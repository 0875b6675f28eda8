import { jest } from '@jest/globals';
import * as React from 'react';

// Lets the theme's spec render rjsf under Jest. Import it before anything from rjsf (Jest's
// swc transform here does not hoist jest.mock above the imports of the spec itself).
//
// @rjsf/utils loads @x0k/json-schema-merge, which ships only ES modules that Jest (CommonJS,
// node_modules untransformed) cannot load. It merges `allOf`, which the spec's schemas do not
// use: the stand-in throws if it is ever reached, so it cannot hide a wrong result.
jest.mock('@x0k/json-schema-merge', () => ({
  createComparator: () => ({}),
  createMerger: () => ({}),
  createShallowAllOfMerge: () => () => {
    throw new Error('allOf merging is not part of these tests');
  },
}));
jest.mock('@x0k/json-schema-merge/lib/array', () => ({ createIntersector: () => undefined, createDeduplicator: () => undefined }));

// The app's TSX compiles for Vite's automatic JSX runtime; Jest's swc transform emits the
// classic React.createElement calls, which look React up globally.
(globalThis as { React?: unknown }).React = React;
