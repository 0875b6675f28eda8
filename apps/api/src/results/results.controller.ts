import { createReadStream, statSync } from 'node:fs';
import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { encodeColorPng } from '@stemflow/engine';
import { StemflowError } from '@stemflow/plugin-sdk';
import { parseScale } from '../common/scale';
import { imageOf } from './result-arrays';
import { ResultStoreService } from './result-store.service';

@Controller('jobs/:id/results')
export class ResultsController {
  constructor(private readonly store: ResultStoreService) {}

  /**
   * `<name>.npy`: the stored NumPy file. `<name>.png`: a colour-mapped image
   * (`?scale=linear|log`; for results with more than two axes, `?component=k` of the trailing ones).
   */
  /** Where the results came from: analysis, params, plugin and Stemflow versions, data set fingerprint and metadata. */
  @Get('provenance.json')
  provenance(@Param('id') id: string): unknown {
    return this.store.provenance(id);
  }

  @Get(':file')
  get(@Param('id') id: string, @Param('file') file: string, @Query('scale') scale?: string, @Query('component') component?: string): StreamableFile {
    const match = /^(.+)\.(npy|png)$/.exec(file);
    if (!match) throw new StemflowError('NOT_FOUND', `no result file "${file}": ask for <name>.npy or <name>.png`);
    const [, name, kind] = match as unknown as [string, string, 'npy' | 'png'];
    if (kind === 'npy') {
      const path = this.store.fileOf(id, name);
      return new StreamableFile(createReadStream(path), {
        type: 'application/octet-stream',
        disposition: `attachment; filename="${name}.npy"`,
        length: statSync(path).size,
      });
    }
    const array = this.store.read(id, name);
    const k = component === undefined || component === '' ? 0 : Number(component);
    return new StreamableFile(encodeColorPng(imageOf(array, k), { scale: parseScale(scale) }), { type: 'image/png' });
  }
}
