import { NotFoundException } from '@nestjs/common';
import { StemflowError, type ErrorCode } from '@stemflow/plugin-sdk';
import { ProblemFilter } from './problem.filter';

describe('ProblemFilter', () => {
  const filter = new ProblemFilter();
  // Silence the expected error log of the 500 cases.
  beforeAll(() => jest.spyOn((filter as unknown as { logger: { error: () => void } }).logger, 'error').mockImplementation(() => undefined));

  it.each<[ErrorCode, number]>([
    ['PARAMS_INVALID', 400],
    ['UNAUTHORIZED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['FORMAT_UNKNOWN', 422],
    ['FILE_CORRUPT', 422],
    ['SHAPE_MISMATCH', 422],
    ['KERNEL_FAILED', 500],
    ['PLUGIN_INVALID', 500],
    ['INTERNAL', 500],
  ])('maps %s to %i', (code, status) => {
    expect(filter.toProblem(new StemflowError(code, 'what went wrong'))).toMatchObject({ status, code, detail: 'what went wrong' });
  });

  it('keeps field errors', () => {
    const errors = [{ path: '/ri', message: 'too big' }];
    expect(filter.toProblem(new StemflowError('PARAMS_INVALID', 'bad', { errors }))).toMatchObject({ status: 400, errors });
  });

  it('turns HttpExceptions and body-parser errors into problems, and hides unexpected errors', () => {
    expect(filter.toProblem(new NotFoundException('Cannot GET /api/x'))).toMatchObject({ status: 404, code: 'NOT_FOUND', detail: 'Cannot GET /api/x' });
    expect(filter.toProblem(Object.assign(new Error('request entity too large'), { status: 413, expose: true }))).toMatchObject({ status: 413 });
    const hidden = filter.toProblem(new TypeError('x is undefined at /secret/path.ts:12'));
    expect(hidden).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(hidden.detail).not.toContain('secret');
  });
});
