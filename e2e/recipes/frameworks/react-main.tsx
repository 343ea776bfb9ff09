// The test page: docs/frameworks.md's React App under StrictMode.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './react';
import { harness } from './harness';

const root = createRoot(document.getElementById('root') as HTMLElement);
root.render(
  <StrictMode>
    <App />
  </StrictMode>,
);
harness({ unmount: () => root.unmount() });
