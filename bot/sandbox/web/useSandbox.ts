import { useEffect, useReducer } from 'react';
import { api, errorText, subscribe } from './api.js';
import { initialState, sandboxReducer } from './store.js';

/** Loads the workspace, keeps every channel's messages live, and exposes the page's state. */
export function useSandbox() {
  const [state, dispatch] = useReducer(sandboxReducer, initialState);

  useEffect(() => {
    const loadWorkspace = async () => {
      try {
        const [info, channels, users, statuses] = await Promise.all([
          api.info(),
          api.channels(),
          api.users(),
          // Optional: without it, statuses just start showing with the next live update.
          api.statuses().catch(() => []),
        ]);
        dispatch({ type: 'loaded', info, channels, users, statuses });
        // Every channel, not just the open one, so the sidebar knows which have unseen messages.
        await Promise.all(
          channels.map(async (c) => dispatch({ type: 'channelLoaded', channel: c.id, messages: await api.messages(c.id) })),
        );
      } catch (error) {
        dispatch({ type: 'loadFailed', error: errorText(error) });
      }
    };
    // Subscribe first so nothing posted while the first fetch runs is missed; after a reconnect, catch up.
    const unsubscribe = subscribe((event) => dispatch({ type: 'event', event }), loadWorkspace);
    void loadWorkspace();
    return unsubscribe;
  }, []);

  return { state, dispatch };
}
