import { maxFrame, minFrame } from './extremum';
import { logsum } from './logsum';
import { mean } from './mean';

export { FrameStatisticsParams } from './common';
export { logsum, maxFrame, minFrame, mean };

/** Frame statistics: log-sum, max/min frame and mean frame (variance and std: the `std-dev` plugin). */
export default [logsum, maxFrame, minFrame, mean];
