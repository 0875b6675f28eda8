import { createReadStream, statSync } from 'node:fs';
import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { StemflowError } from '@stemflow/plugin-sdk';
import { parseScale } from '../common/scale';
import { ResultExportsService } from './result-exports.service';
import { ResultStoreService } from './result-store.service';

const FILE = /^(.+)\.(npy|png|tiff|h5)$/;

@Controller('jobs/:id/results')
export class ResultsController {
  constructor(
    private readonly store: ResultStoreService,
    private readonly exports: ResultExportsService,
  ) {}

  /** Where the results came from: analysis, params, plugin and Stemflow versions, data set fingerprint and metadata. */
  @Get('provenance.json')
  provenance(@Param('id') id: string): unknown {
    return this.store.provenance(id);
  }

  /**
   * `<name>.npy`: the stored NumPy file (its provenance is `provenance.json`).
   * `<name>.png`: a colour-mapped image (`?scale=linear|log`), provenance in a `provenance` tEXt chunk.
   * `<name>.tiff`: a float32 TIFF, provenance in its ImageDescription.
   * For results with more than two axes, PNG and TIFF show `?component=k` of the trailing ones.
   * `<name>.h5`: an HDF5 file with the result as a dataset (`all.h5`: every result), provenance in attributes.
   */
  @Get(':file')
  async get(@Param('id') id: string, @Param('file') file: string, @Query('scale') scale?: string, @Query('component') component?: string): Promise<StreamableFile> {
    const match = FILE.exec(file);
    if (!match) throw new StemflowError('NOT_FOUND', `no result file "${file}": ask for <name>.npy, <name>.png, <name>.tiff or <name>.h5`);
    const [, name, kind] = match as unknown as [string, string, 'npy' | 'png' | 'tiff' | 'h5'];
    const k = component === undefined || component === '' ? 0 : Number(component);
    switch (kind) {
      case 'npy': {
        const path = this.store.fileOf(id, name);
        return new StreamableFile(createReadStream(path), { type: 'application/octet-stream', disposition: attachment(file), length: statSync(path).size });
      }
      case 'png':
        return new StreamableFile(this.exports.png(id, name, k, parseScale(scale)), { type: 'image/png' });
      case 'tiff':
        return new StreamableFile(this.exports.tiff(id, name, k), { type: 'image/tiff', disposition: attachment(file) });
      case 'h5':
        return new StreamableFile(await this.exports.hdf5(id, name), { type: 'application/x-hdf5', disposition: attachment(file) });
    }
  }
}

function attachment(file: string): string {
  return `attachment; filename="${file}"`;
}
