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
    // Nonces for SvelteKit's own inline script on rendered pages, hashes on prerendered ones. Styles
    // come from our stylesheets only: Svelte 5 runs transitions through the Web Animations API, which
    // the CSP does not govern, so there is no 'unsafe-inline'.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'img-src': ['self', 'data:'],
        'style-src': ['self'],
        // The one inline style attribute: SvelteKit's route announcer (sveltejs/kit#11993). app.css
        // repeats its rules, so should SvelteKit change it, it stays hidden all the same.
        'style-src-attr': ['unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
        'object-src': ['none'],
        'frame-ancestors': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
      },
    },
  },
};

export default config;
