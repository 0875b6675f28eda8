import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import type { CompressionMachine } from './report';

/** What the survey runs on; `loadAverageEnd` is filled in when it ends. */
export function surveyMachine(): CompressionMachine {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverageStart: roundedLoad(),
    loadAverageEnd: [],
  };
}

export function roundedLoad(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}
