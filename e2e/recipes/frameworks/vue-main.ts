// The test page: docs/frameworks.md's Vue composable in a component.
import { createApp } from 'vue';
import { harness } from './harness';
import { SessionBadge } from './vue';

const app = createApp(SessionBadge);
app.mount('#root');
harness({ unmount: () => app.unmount() });
