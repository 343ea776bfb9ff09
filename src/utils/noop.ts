/** Does nothing: the one function for "nothing to do" (a rejection nobody waits for, a patch with nothing to undo). */
export const noop = (): void => {};
