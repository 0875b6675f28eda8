export { main } from './main';
export { writeSample, type SampleOptions } from './sample/write-sample';
