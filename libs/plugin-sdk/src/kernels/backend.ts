import { nativeKernelInfo } from './native';

/**
 * Which implementation runs the SDK's kernels in this process (`kernelInfo()`).
 *
 * @example
 * ```ts
 * import { kernelInfo, type KernelInfo } from '@stemflow/plugin-sdk';
 *
 * const info: KernelInfo = kernelInfo();
 * const label = info.backend === 'native' ? `native (${info.isa})` : `JavaScript: ${info.reason}`;
 * ```
 */
export interface KernelInfo {
  /** `native`: the C++ SIMD addon; `js`: the plain-JavaScript fallback. */
  backend: 'native' | 'js';
  /** Instruction set the native kernels dispatched to (`avx512`, `avx2` or `baseline`). */
  isa?: string;
  /** Why the native kernels are not in use. */
  reason?: string;
}

/**
 * Which kernels run here. The native addon is chosen when it is built and loads; set
 * `STEMFLOW_KERNELS=js` to force the JavaScript kernels, `STEMFLOW_KERNEL_ISA=avx2|baseline` to
 * force a narrower native build. Both give the same results within the kernels' stated tolerances.
 *
 * @example
 * ```ts
 * import { kernelInfo } from '@stemflow/plugin-sdk';
 *
 * // In a benchmark or a bug report: which kernels produced these numbers.
 * console.log(`kernels: ${JSON.stringify(kernelInfo())}`);
 * ```
 */
export function kernelInfo(): KernelInfo {
  return nativeKernelInfo();
}
