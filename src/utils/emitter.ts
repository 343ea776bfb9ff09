type Handler<T> = (event: T) => void;

/** A throwing handler is the app's bug: reported from its own task, as any listener's would be, and the others still run. */
export const rethrow = (error: unknown) => setTimeout(() => {
  throw error;
});

/** A tiny typed event emitter. A throwing handler is the host's bug: it must not stop the others or us. */
export function createEmitter<Events extends object>() {
  const handlers = new Map<keyof Events, Set<Handler<never>>>();
  return {
    on<K extends keyof Events>(name: K, handler: Handler<Events[K]>): () => void {
      let set = handlers.get(name);
      if (!set) handlers.set(name, (set = new Set()));
      set.add(handler as Handler<never>);
      return () => void set.delete(handler as Handler<never>);
    },
    // A loop rather than forEach: no closure per event (`activity` is emitted for every request with the token).
    emit<K extends keyof Events>(name: K, event: Events[K]): void {
      const set = handlers.get(name);
      if (set)
        for (const handler of set)
          try {
            (handler as Handler<Events[K]>)(event);
          } catch (error) {
            rethrow(error);
          }
    },
    clear: () => handlers.clear(),
  };
}
export type Emitter<Events extends object> = ReturnType<typeof createEmitter<Events>>;
