import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig } from 'vite';

// The API the dev server proxies to: `API_URL=http://localhost:3100 npm run dev:web` for a second server.
const server = process.env.API_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [
    vue(),
    Components({
      // Element Plus components and their CSS are imported per use, which keeps the bundle small.
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dirs: [],
      dts: 'src/components.d.ts',
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    // vue-i18n runs in composition mode only; dropping the legacy API shrinks the bundle.
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: server, changeOrigin: true },
      '/api': { target: server, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 500,
    rolldownOptions: {
      output: {
        // Vue, the router and i18n change rarely: one long-cached chunk. Only the Element Plus code
        // shared by several chunks is grouped; each lazy page keeps the components only it uses, so
        // no chunk gets near the 500 kB limit (one forced Element Plus chunk was 523 kB).
        codeSplitting: {
          groups: [
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router|vue-i18n|@intlify)[\\/]/, priority: 2 },
            // ECharts only for the pages that draw charts (lazy), long-cached. Its renderer zrender is a chunk
            // of its own: the parts registered in components/charts/echarts.ts came to 548 kB as one chunk.
            { name: 'echarts', test: /node_modules[\\/](echarts|vue-echarts)[\\/]/, priority: 2 },
            { name: 'zrender', test: /node_modules[\\/]zrender[\\/]/, priority: 3 },
            {
              name: 'element-plus',
              test: /node_modules[\\/](element-plus|@element-plus|@vueuse|@floating-ui|lodash-unified|lodash-es)[\\/]/,
              minShareCount: 2,
              priority: 1,
            },
          ],
        },
      },
    },
  },
});
