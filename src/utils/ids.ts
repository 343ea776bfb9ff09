/** A random id of 8–9 base-36 characters (what tab sync's records accept as a tab id). */
export const randomId = () => Math.floor((1 + Math.random()) * 36 ** 8).toString(36);
