/** The demo CRM as a Vue 3 app (the SFC is compiled at build time: no runtime compiler, no eval). */
import { createApp } from 'vue';
import '../../src/define/index.js';
import Crm from './Crm.vue';

const me = await window.jodoDemoSession();
createApp(Crm, { me }).mount('#app');
