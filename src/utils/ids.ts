/** A random id of 8–9 base-36 characters (what tab sync's records accept as a tab id). */
export const randomId = () => Math.floor((1 + Math.random()) * 36 ** 8).toString(36);

let pageTab: string | undefined;

/**
 * This browser tab's id, kept in sessionStorage so it survives a reload or a sign-in redirect of this tab
 * (route and draft memory key what they save by it, so each tab gets back its own). Where sessionStorage is
 * refused, the id lasts as long as the page.
 */
export function tabId(): string {
  const key = 'idle-logout-tab';
  try {
    const id = sessionStorage[key];
    if (typeof id === 'string' && /^[a-z0-9]{4,16}$/.test(id)) return id;
    return (sessionStorage[key] = randomId());
  } catch {
    return (pageTab ||= randomId());
  }
}
