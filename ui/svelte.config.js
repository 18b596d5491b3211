import { fileURLToPath } from 'node:url';
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * ui/ has no package.json of its own: its dependencies live in the project root. adapter-node reads
 * `package.json` from the working directory (to keep production dependencies external), so it runs
 * from the project root, writing to ui/build through an absolute path.
 * @returns {import('@sveltejs/kit').Adapter}
 */
function adapterFromProjectRoot() {
  const nodeAdapter = adapter({ out: fileURLToPath(new URL('./build', import.meta.url)) });
  return {
    ...nodeAdapter,
    async adapt(builder) {
      const uiDirectory = process.cwd();
      process.chdir(projectRoot);
      try {
        await nodeAdapter.adapt(builder);
      } finally {
        process.chdir(uiDirectory);
      }
    },
  };
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapterFromProjectRoot(),
  },
};

export default config;
