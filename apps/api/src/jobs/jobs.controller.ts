import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Type, type Static } from '@stemflow/plugin-sdk';
import { validateBody } from '../common/validate-body';
import type { JobStatus, JobView } from './jobs.repository';
import { JobsService } from './jobs.service';

export const CreateJobBody = Type.Object({
  datasetId: Type.String({ minLength: 1 }),
  analysisId: Type.String({ minLength: 1 }),
  /** Checked against the plugin's own schema by resolveParams. */
  params: Type.Optional(Type.Unknown()),
  /** One entry per scan position (flattened nav): 1/true = process it. */
  roi: Type.Optional(Type.Array(Type.Union([Type.Integer({ minimum: 0, maximum: 1 }), Type.Boolean()]))),
  /**
   * Detector corrections: `.npy` paths under the data roots (they replace the data set's own), or
   * `false` to skip the corrections the data set brings (SEQ dark/gain/bad pixels, FRMS6 dark frame).
   * Left out: the data set's own corrections, if any.
   */
  corrections: Type.Optional(
    Type.Union([
      Type.Literal(false),
      Type.Object(
        {
          dark: Type.Optional(Type.String({ minLength: 1 })),
          gain: Type.Optional(Type.String({ minLength: 1 })),
          excluded: Type.Optional(Type.String({ minLength: 1 })),
        },
        { additionalProperties: false },
      ),
    ]),
  ),
});
export type CreateJobBody = Static<typeof CreateJobBody>;

@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Post()
  @HttpCode(202)
  create(@Body() body: unknown): { id: string } {
    return this.jobs.create(validateBody<CreateJobBody>(CreateJobBody, body ?? {}, 'job request'));
  }

  /** Newest first. */
  @Get()
  list(): JobView[] {
    return this.jobs.list();
  }

  @Get(':id')
  get(@Param('id') id: string): JobView {
    return this.jobs.get(id);
  }

  /** A new job like this one (same data set, analysis, params, ROI, corrections); `warning` if the data file changed. */
  @Post(':id/rerun')
  @HttpCode(202)
  rerun(@Param('id') id: string): { id: string; warning?: string } {
    return this.jobs.rerun(id);
  }

  /** Forget a finished job and delete its results (409 while it is queued or running). */
  @Delete(':id/record')
  @HttpCode(204)
  deleteRecord(@Param('id') id: string): void {
    this.jobs.deleteRecord(id);
  }

  @Delete(':id')
  @HttpCode(200)
  cancel(@Param('id') id: string): { id: string; status: JobStatus } {
    return this.jobs.cancel(id);
  }
}
