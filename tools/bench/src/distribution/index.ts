/** `stemflow bench --distribution`: the cost of running partitions on BullMQ worker processes instead of threads. */
export { formatDistributionTable } from './format-distribution';
export { DISTRIBUTION_CASES, DISTRIBUTION_SCHEMA, runDistribution, type DistributionOptions, type DistributionReport, type DistributionSetup } from './run-distribution';
export { WorkerFleet, type FleetOptions } from './worker-fleet';
