export { sumFrames, sumPerFrame, sumRange } from './sums';
export { applyMasks, maskedSum, comMoments } from './masks';
export { welfordTile, mergeWelford } from './welford';
export { applySparseMasks, sparseMasksFrom, concatSparseMasks, denseFromSparse, countNonZero, type SparseMasks } from './sparse-masks';
export { kernelInfo, type KernelInfo } from './backend';
