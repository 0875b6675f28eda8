import { StemflowError } from '@stemflow/plugin-sdk';

/** Errors raised about user input (shapes, offsets) get the file's name in front, so every message names it. */
export function namingTheFile<T>(path: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof StemflowError && !error.message.includes(path)) {
      throw new StemflowError(error.code, `${path}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
