import { createApp, watch } from 'vue';
import App from './App.vue';
import { getLocale, i18n } from './locales';
import { router, updateDocumentTitle } from './router';
import './styles/index.css';

const app = createApp(App);
app.use(i18n);
app.use(router);

document.documentElement.lang = getLocale();
watch(i18n.global.locale, () => updateDocumentTitle());

void router.isReady().then(() => app.mount('#app'));
