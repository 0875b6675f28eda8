import type { DatasetDescriptor } from '../formats/descriptor';
import type { DataSet } from '../formats/framed-source';
import { openDataSet } from '../formats/registry';

/**
 * The data sets a worker has open, keyed by descriptor: partitions of the same job reuse the
 * open files (and mapping window); the least recently opened is closed beyond `keep`.
 */
export class OpenDataSets {
  private readonly sets = new Map<string, DataSet>();

  constructor(private readonly keep = 4) {}

  get(descriptor: DatasetDescriptor): DataSet {
    const key = JSON.stringify(descriptor);
    let ds = this.sets.get(key);
    if (!ds) {
      if (this.sets.size >= this.keep) {
        const [oldKey, old] = this.sets.entries().next().value as [string, DataSet];
        old.close();
        this.sets.delete(oldKey);
      }
      ds = openDataSet(descriptor);
      this.sets.set(key, ds);
    }
    return ds;
  }
}
