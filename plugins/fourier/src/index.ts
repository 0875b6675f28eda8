import { fftMask } from './fft-mask';
import { fftSum } from './fft-sum';
import { radial } from './radial';

export { FftMaskParams } from './fft-mask';
export { FftSumParams } from './fft-sum';
export { RadialFourierParams } from './radial';
export { fftMask, fftSum, radial };

/** Fourier analyses of the frames: FFT magnitude sum, FFT ring (crystallinity), radial Fourier series. */
export default [fftSum, fftMask, radial];
