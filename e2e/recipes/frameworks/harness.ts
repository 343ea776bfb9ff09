// What the framework test pages expose to the spec: whether fetch and XHR are the browser's own (before any instance
// and after unmount/destroy), and how to unmount the app.

const native = { fetch: window.fetch, open: XMLHttpRequest.prototype.open, send: XMLHttpRequest.prototype.send, setRequestHeader: XMLHttpRequest.prototype.setRequestHeader };

export interface Harness {
  unmount(): void;
  /** Angular only: a GET /api/v2/users/me through HttpClient, and what it answered or threw. */
  send?: () => Promise<{ status: number } | { caught: { name: string; status?: number; refusal: boolean } }>;
}

export function harness(h: Harness) {
  (window as unknown as { fw: unknown }).fw = {
    ...h,
    nativeNetwork: () =>
      window.fetch === native.fetch &&
      XMLHttpRequest.prototype.open === native.open &&
      XMLHttpRequest.prototype.send === native.send &&
      XMLHttpRequest.prototype.setRequestHeader === native.setRequestHeader,
  };
}
