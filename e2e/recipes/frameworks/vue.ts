import { defineComponent } from 'vue';
import { useIdleLogout } from './vue-use-idle-logout';

// A template string needs Vue's full build (`vue/dist/vue.esm-bundler.js`); in a .vue file it is the <template>.
export const SessionBadge = defineComponent({
  setup() {
    const { idle, snapshot } = useIdleLogout({ getToken: () => sessionStorage.getItem('access_token'), timeoutMs: 15 * 60_000 });
    const time = (at: number) => new Date(at).toLocaleTimeString();
    return { idle, snapshot, time };
  },
  template: `
    <p v-if="snapshot.state === 'logged-out'">Signed out</p>
    <button v-else-if="snapshot.state === 'warning'" type="button" @click="idle.extend()">
      Signing out at {{ time(snapshot.deadline) }}: stay
    </button>
    <p v-else>Signed in <button type="button" @click="idle.logout()">Sign out</button></p>`,
});
