import { Injectable } from '@nestjs/common';
import { encodeColorPng, type Provenance, type Scale } from '@stemflow/engine';
import { dtypeOf, StemflowError, type NDArray } from '@stemflow/plugin-sdk';
import { asciiJson } from './ascii-json';
import { encodeHdf5, type Hdf5Attributes } from './hdf5-file';
import { withTextChunk } from './png-text';
import { imageOf } from './result-arrays';
import { ResultStoreService } from './result-store.service';
import { encodeFloat32Tiff } from './tiff-float32';

/** `<name>.h5` with this name holds every result of the job. */
export const ALL_RESULTS = 'all';

/**
 * Results in exchange formats, each carrying the job's provenance: PNG in a `provenance` tEXt
 * chunk, TIFF in its ImageDescription, HDF5 in attributes. (The `.npy` files are served as stored;
 * their provenance is `provenance.json` beside them.)
 */
@Injectable()
export class ResultExportsService {
  constructor(private readonly store: ResultStoreService) {}

  /** A colour-mapped PNG of one component of a result. */
  png(jobId: string, name: string, component: number, scale: Scale): Buffer {
    const png = encodeColorPng(imageOf(this.store.read(jobId, name), component), { scale });
    const provenance = this.store.provenanceIfAny(jobId);
    return provenance ? withTextChunk(png, 'provenance', asciiJson(provenance)) : png;
  }

  /** A one-page float32 TIFF of one component of a result; 1-D results become a 1×N image. */
  tiff(jobId: string, name: string, component: number): Buffer {
    const image = imageOf(this.store.read(jobId, name), component);
    const [height, width] = image.shape.length >= 2 ? (image.shape as [number, number]) : [1, image.shape[0] ?? 1];
    const values = new Float32Array(image.data.length);
    values.set(image.data);
    const provenance = this.store.provenanceIfAny(jobId);
    return encodeFloat32Tiff(values, width, height, provenance ? asciiJson(provenance) : undefined);
  }

  /** An HDF5 file with the result (or every result, for `all`) as datasets of its own shape and dtype. */
  async hdf5(jobId: string, name: string): Promise<Buffer> {
    const names = name === ALL_RESULTS ? this.allNames(jobId) : [name];
    const provenance = this.store.provenanceIfAny(jobId);
    const attributes = provenance ? provenanceAttributes(provenance) : {};
    return encodeHdf5(
      names.map((n) => datasetOf(n, this.store.read(jobId, n), attributes)),
      attributes,
    );
  }

  private allNames(jobId: string): string[] {
    const { status, results } = this.store.index(jobId);
    if (results.length === 0) throw new StemflowError('NOT_FOUND', `job ${jobId} has no stored results (it is ${status}); results are written when a job is done`);
    return results.map((r) => r.name);
  }
}

function datasetOf(name: string, array: NDArray, attributes: Hdf5Attributes) {
  return { name, shape: [...array.shape], dtype: dtypeOf(array.data), data: array.data, attributes };
}

/** The provenance as HDF5 attributes: the whole record as JSON, and the facts most often looked up. */
function provenanceAttributes(provenance: Provenance): Hdf5Attributes {
  return {
    provenance: JSON.stringify(provenance),
    analysis: provenance.analysis,
    ...(provenance.pluginVersion ? { plugin_version: provenance.pluginVersion } : {}),
    stemflow_version: provenance.stemflowVersion,
  };
}
