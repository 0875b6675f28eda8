import './rjsf-under-jest';
import { describe, expect, it } from '@jest/globals';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import validator from '@rjsf/validator-ajv8';
import type { RJSFSchema } from '@rjsf/utils';
import type { JsonSchema } from '../../api/types';
import { toUiSchema, visibleData } from '../ui-schema';
import { canRenderWidget } from '../widgets';
import { ThemedForm } from './theme';

const schema: JsonSchema = {
  type: 'object',
  title: 'Ring detector',
  required: ['shape', 'cx', 'ro'],
  properties: {
    shape: { type: 'string', enum: ['disk', 'ring'], title: 'Shape', 'x-ui': { order: 0 } },
    ro: { type: 'number', title: 'Outer radius', 'x-ui': { unit: 'px', help: 'Pixels at distance ≤ ro count', order: 3 } },
    cx: { type: 'number', title: 'Centre x', 'x-ui': { unit: 'px', help: 'Column of the centre', order: 1 } },
    ri: { type: 'number', title: 'Inner radius', 'x-ui': { unit: 'mrad', order: 2, showIf: { shape: 'ring' } } },
    antialiased: { type: 'boolean', title: 'Anti-aliased edges', 'x-ui': { help: 'Fractional weights at the edge', order: 4 } },
  },
};

function render(formData: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return renderToStaticMarkup(
    createElement(ThemedForm, {
      schema: schema as RJSFSchema,
      uiSchema: toUiSchema(schema, formData, canRenderWidget),
      formData,
      validator,
      showErrorList: false,
      ...extra,
    }),
  );
}

/** Offsets of the markers in `html`, failing clearly when one is missing. */
function positions(html: string, markers: string[]): number[] {
  return markers.map((m) => {
    const at = html.indexOf(m);
    if (at < 0) throw new Error(`${m} is not in the markup`);
    return at;
  });
}

describe('the analysis form theme', () => {
  it('shows the unit beside its input, then the field\'s own error, then its help, before the next field', () => {
    const html = render({ shape: 'disk', cx: 32, ro: 4 }, { extraErrors: { ro: { __errors: ['must be above the inner radius'] } } });
    const [input, unit, error, help, next] = positions(html, [
      'id="root_ro"',
      '<span class="sf-unit" id="root_ro__unit">px</span>',
      '<ul id="root_ro__error" class="sf-errors" data-testid="field-errors"><li>must be above the inner radius</li></ul>',
      '<div id="root_ro__help" class="sf-help">Pixels at distance ≤ ro count</div>',
      'id="root_antialiased"',
    ]);
    expect(input).toBeLessThan(unit);
    expect(unit).toBeLessThan(error);
    expect(error).toBeLessThan(help);
    expect(help).toBeLessThan(next);
    expect(html.match(/must be above the inner radius/g)).toHaveLength(1); // only next to its field
    expect(html).toMatch(/aria-describedby="[^"]*root_ro__unit"/);
    expect(html).toContain('<div id="root_cx__help" class="sf-help">Column of the centre</div>');
  });

  it('lays the fields out in x-ui order, numbers in half-width cells, and leaves out fields hidden by showIf', () => {
    const disk = render({ shape: 'disk', cx: 32, ro: 4 });
    const [shape, cx, ro, check] = positions(disk, ['id="root_shape"', 'id="root_cx"', 'id="root_ro"', 'id="root_antialiased"']);
    expect(shape < cx && cx < ro && ro < check).toBe(true);
    expect(disk).not.toContain('root_ri');
    expect(disk).toContain('<div class="sf-cell"><div class="form-group sf-field');
    expect(disk.match(/class="sf-cell sf-cell-wide"/g)).toHaveLength(2); // the select and the checkbox
    expect(disk).toMatch(/<label class="sf-check" for="root_antialiased"><input type="checkbox"[^>]*\/><span>Anti-aliased edges<\/span><\/label>/);

    const ring = render({ shape: 'ring', cx: 32, ro: 4, ri: 2 });
    expect(ring).toContain('<span class="sf-unit" id="root_ri__unit">mrad</span>');
    const [cxAgain, ri, roAgain] = positions(ring, ['id="root_cx"', 'id="root_ri"', 'id="root_ro"']);
    expect(cxAgain < ri && ri < roAgain).toBe(true);
  });

  it('renders the submit button in the app style with the errors that belong to no field above it', () => {
    const html = render(
      { shape: 'disk', cx: 32, ro: 4 },
      {
        uiSchema: { ...toUiSchema(schema, {}, canRenderWidget), 'ui:submitButtonOptions': { submitText: 'Starting…', props: { disabled: true } } },
        formContext: { problems: [{ path: '/', message: 'the data set is closed' }] },
      },
    );
    const [problems, button] = positions(html, ['<li> the data set is closed</li>', 'data-testid="run-analysis"']);
    expect(problems).toBeLessThan(button);
    expect(html).toMatch(/<button type="submit" data-testid="run-analysis" disabled="" class="btn-primary run-button ">Starting…<\/button>/);
    expect(html).not.toContain('Ring detector'); // the root is named by the analysis list already
  });

  it('numbers list items, keeps their ids and gives each its move and remove buttons', () => {
    const listSchema = {
      type: 'object',
      properties: {
        vertices: {
          type: 'array',
          title: 'Polygon vertices',
          'x-ui': { help: 'Corners in order' },
          items: { type: 'object', title: 'Vertex', properties: { x: { type: 'number', 'x-ui': { unit: 'px', help: 'Column' } }, y: { type: 'number' } } },
        },
      },
    } as const;
    const formData = { vertices: [{ x: 1, y: 2 }, { x: 3, y: 4 }] };
    const html = renderToStaticMarkup(createElement(ThemedForm, { schema: listSchema as RJSFSchema, uiSchema: toUiSchema(listSchema as JsonSchema, formData), formData, validator }));
    positions(html, ['<legend class="sf-legend" id="root_vertices__title">Polygon vertices</legend>', 'id="root_vertices__help" class="sf-help">Corners in order', '>Vertex 1</legend>', '>Vertex 2</legend>', 'id="root_vertices_1_x"', 'id="root_vertices_1__remove"', 'id="root_vertices__add"']);
    // Inside a list the help of each coordinate is a tooltip, not a line per vertex.
    expect(html).not.toContain('id="root_vertices_0_x__help"');
    expect(html).toContain('<div class="sf-field-body" title="Column">');
    expect(html).toContain('<span class="sf-unit" id="root_vertices_1_x__unit">px</span>');
  });

  it('applies showIf inside each list item to that item\'s values, and sends only what shows', () => {
    const stackSchema: JsonSchema = {
      type: 'object',
      properties: {
        masks: {
          type: 'array',
          items: {
            type: 'object',
            title: 'Mask',
            properties: {
              shape: { type: 'string', enum: ['disk', 'ring'] },
              r: { type: 'number', 'x-ui': { showIf: { shape: 'disk' } } },
              ri: { type: 'number', 'x-ui': { showIf: { shape: 'ring' } } },
            },
          },
        },
      },
    };
    // The second item still holds the radius it had as a disk.
    const formData = { masks: [{ shape: 'disk', r: 5 }, { shape: 'ring', r: 5, ri: 2 }] };
    const html = renderToStaticMarkup(createElement(ThemedForm, { schema: stackSchema as RJSFSchema, uiSchema: toUiSchema(stackSchema, formData), formData, validator }));
    positions(html, ['id="root_masks_0_r"', 'id="root_masks_1_ri"']);
    expect(html).not.toContain('id="root_masks_0_ri"');
    expect(html).not.toContain('id="root_masks_1_r"');
    expect(visibleData(stackSchema, formData)).toEqual({ masks: [{ shape: 'disk', r: 5 }, { shape: 'ring', ri: 2 }] });
  });
});
