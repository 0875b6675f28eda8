import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { encodeColorPng, encodeNpy } from '@stemflow/engine';
import { DTYPES, StemflowError, Type, type Static } from '@stemflow/plugin-sdk';
import { parseScale } from '../common/scale';
import { validateBody } from '../common/validate-body';
import { DatasetsService, type DatasetView } from './datasets.service';

const Shape = Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1 });

export const OpenDatasetBody = Type.Object({
  path: Type.String({ minLength: 1 }),
  format: Type.Optional(Type.String({ minLength: 1 })),
  params: Type.Optional(
    Type.Object(
      {
        navShape: Type.Optional(Shape),
        sigShape: Type.Optional(Shape),
        dtype: Type.Optional(Type.Enum([...DTYPES])),
        byteOrder: Type.Optional(Type.Enum(['little', 'big'])),
        offset: Type.Optional(Type.Integer({ minimum: 0 })),
        syncOffset: Type.Optional(Type.Integer()),
        /** Reader-specific options (e.g. `{ "dataset": "/path/in/file.h5" }`, raw `files`). */
        reader: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      },
      { additionalProperties: false },
    ),
  ),
});
export type OpenDatasetBody = Static<typeof OpenDatasetBody>;

@Controller('datasets')
export class DatasetsController {
  constructor(private readonly datasets: DatasetsService) {}

  @Post()
  @HttpCode(201)
  open(@Body() body: unknown): DatasetView {
    const { path, format, params } = validateBody<OpenDatasetBody>(OpenDatasetBody, body ?? {}, 'data set request');
    return this.datasets.open(path, format, params);
  }

  @Get()
  list(): DatasetView[] {
    return this.datasets.list();
  }

  @Get(':id')
  get(@Param('id') id: string): DatasetView {
    const { descriptor: _descriptor, ...view } = this.datasets.get(id);
    return view;
  }

  /** `frames/<index>.png` (colour-mapped, `?scale=log|linear`) or `frames/<index>.npy` (raw values). */
  @Get(':id/frames/:file')
  frame(@Param('id') id: string, @Param('file') file: string, @Query('scale') scale?: string): StreamableFile {
    const match = /^(\d+)\.(png|npy)$/.exec(file);
    if (!match) throw new StemflowError('NOT_FOUND', `no frame "${file}": ask for frames/<index>.png or frames/<index>.npy`);
    const frame = this.datasets.readFrame(id, Number(match[1]));
    if (match[2] === 'npy') return new StreamableFile(encodeNpy(frame), { type: 'application/octet-stream', disposition: `attachment; filename="frame-${match[1]}.npy"` });
    return new StreamableFile(encodeColorPng(frame, { scale: parseScale(scale) }), { type: 'image/png' });
  }
}
